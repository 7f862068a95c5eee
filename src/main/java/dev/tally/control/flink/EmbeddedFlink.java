package dev.tally.control.flink;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Flink cluster in this JVM: Flink's MiniCluster (a JobManager and one TaskManager) with its REST endpoint
 * on a free port of 127.0.0.1 and web submission ({@code /jars/*}, from {@code flink-runtime-web}), so the
 * control plane drives it exactly as an external session cluster, through {@link FlinkRestClient}. Started by
 * the constructor (about 15 s on two cores), stopped by {@link #close}. Needs the JDK 17 opens (README).
 */
public final class EmbeddedFlink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedFlink.class);

    private final MiniCluster cluster;
    private final URI restAddress;

    /**
     * Starts the cluster.
     *
     * @param workDir its own directory for uploaded jars (Flink's default, /tmp/flink-web-upload, is shared)
     * @param slots   task slots of its TaskManager
     * @throws Exception when it cannot start (Flink's exception)
     */
    public EmbeddedFlink(Path workDir, int slots) throws Exception {
        Files.createDirectories(workDir.resolve("uploads"));
        Configuration config = new Configuration();
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, "0");
        config.set(WebOptions.UPLOAD_DIR, workDir.resolve("uploads").toString());
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        config.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
        config.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(config)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        cluster.start();
        restAddress = cluster.getRestAddress().get();
        log.info("Embedded Flink cluster started, REST API at {}", restAddress);
    }

    /** The REST endpoint's base URI ({@code http://127.0.0.1:<port>}). */
    public URI restAddress() {
        return restAddress;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
        log.info("Embedded Flink cluster stopped");
    }
}
