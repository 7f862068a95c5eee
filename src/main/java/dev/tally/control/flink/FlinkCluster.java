package dev.tally.control.flink;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The configured Flink cluster, as the runner sees it.
 *
 * @param client       its REST client; empty when no cluster is configured
 * @param jobJar       the shaded job jar to upload
 * @param savepointDir where savepoints are written (per job: a sub-directory named after the job)
 */
public record FlinkCluster(Optional<FlinkRestClient> client, Path jobJar, Path savepointDir) {

    /**
     * The REST client.
     *
     * @throws dev.tally.control.web.ConflictException when no Flink cluster is configured
     */
    public FlinkRestClient require() {
        return client.orElseThrow(() -> new dev.tally.control.web.ConflictException(
                "target: no Flink cluster is configured; set tally.flink.embedded=true or tally.flink.url"));
    }
}
