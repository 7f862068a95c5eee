package dev.tally.flink;

import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A real Flink cluster in this JVM: Flink's MiniCluster (one TaskManager, 4 slots) with its REST endpoint on a
 * free port of 127.0.0.1 and web submission ({@code flink-runtime-web} on the classpath). Not thread-safe; close
 * it to stop it.
 */
final class LocalFlink implements AutoCloseable {

    private final MiniCluster cluster;

    LocalFlink(Path uploadDir) throws Exception {
        Configuration config = new Configuration();
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, "0");
        config.set(WebOptions.UPLOAD_DIR, uploadDir.toString());
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        config.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
        config.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(config)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build());
        cluster.start();
    }

    /** The REST endpoint's base URI. */
    URI restAddress() throws Exception {
        return cluster.getRestAddress().get();
    }

    /**
     * Submits the job built in {@code env} without waiting for it.
     *
     * @param savepoint a savepoint to restore from, or null
     */
    JobID submit(StreamExecutionEnvironment env, String savepoint) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return cluster.submitJob(graph).get().getJobID();
    }

    /** Waits until every task of the job runs (a savepoint needs them all). */
    void awaitRunning(JobID job) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var info = cluster.getArchivedExecutionGraph(job).get();
            boolean all = info.getState() == JobStatus.RUNNING;
            for (var v : info.getAllExecutionVertices()) {
                all &= v.getExecutionState() == org.apache.flink.runtime.execution.ExecutionState.RUNNING;
            }
            if (all) {
                return;
            }
            Thread.sleep(100); // the cluster offers no future for "all tasks running"
        }
        throw new IllegalStateException("job " + job + " did not start");
    }

    /** Stops the job with a savepoint in {@code dir} (after firing every window when {@code drain}); its path. */
    String stopWithSavepoint(JobID job, Path dir, boolean drain) throws Exception {
        String path = cluster.stopWithSavepoint(job, dir.toUri().toString(), drain, SavepointFormatType.CANONICAL)
                .get();
        cluster.requestJobResult(job).get();
        return path;
    }

    /** Runs the job built in {@code env} on this cluster to its end; throws its failure. */
    void run(StreamExecutionEnvironment env) throws Exception {
        var submitted = cluster.submitJob(env.getStreamGraph()).get();
        JobResult result = cluster.requestJobResult(submitted.getJobID()).get();
        if (!result.isSuccess()) {
            throw new IllegalStateException("Flink job failed", result.getSerializedThrowable().get()
                    .deserializeError(getClass().getClassLoader()));
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
