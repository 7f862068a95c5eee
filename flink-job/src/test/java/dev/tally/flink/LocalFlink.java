package dev.tally.flink;

import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
