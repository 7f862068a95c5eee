package dev.tally.control.flink;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code tally.flink.*}: which Flink cluster deployments with target {@code flink} run on, and the
 * job jar they run.
 *
 * @param embedded     start a Flink cluster in this JVM (Flink's MiniCluster with its REST endpoint on a free port
 *                     of 127.0.0.1 and web submission); the JVM needs the JDK 17 opens listed in the README
 * @param url          the REST endpoint of an external Flink 2.2 session cluster, for example
 *                     {@code http://flink-jobmanager:8081}; empty = none (ignored when embedded)
 * @param jobJar       the shaded jar of {@code flink-job/} (relative paths resolve against the working directory)
 * @param savepointDir where Flink writes savepoints, a directory every JobManager and TaskManager can reach
 *                     (relative paths resolve against the working directory); empty = {@code <data-dir>/flink/savepoints}
 * @param slots        task slots of the embedded cluster's single TaskManager
 * @param timeout      the longest wait for one answer of Flink's REST API
 */
@ConfigurationProperties("tally.flink")
public record FlinkProperties(
        @DefaultValue("false") boolean embedded,
        @DefaultValue("") String url,
        @DefaultValue("flink-job/target/tally-flink-job-0.1.0-SNAPSHOT.jar") String jobJar,
        @DefaultValue("") String savepointDir,
        @DefaultValue("4") int slots,
        @DefaultValue("30s") Duration timeout) {

    public FlinkProperties {
        if (slots < 1) {
            throw new IllegalArgumentException("tally.flink.slots must be 1 or more");
        }
    }

    /** Whether a Flink cluster is configured (embedded or by URL). */
    public boolean configured() {
        return embedded || (url != null && !url.isBlank());
    }

    /** The job jar's absolute path. */
    public Path jobJarPath() {
        return Path.of(jobJar).toAbsolutePath().normalize();
    }
}
