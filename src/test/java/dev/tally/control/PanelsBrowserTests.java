package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tally.control.system.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The job panels in headless Chromium ({@code frontend/e2e/panels.e2e.mjs}): a finished bounded job shows its
 * watermark as "+∞ (end of input)" and its results without breaking the page; a panel that fails shows its error
 * while the others render; an incompatible savepoint is restored through the dialog's policies. Skipped only when
 * the build skipped the frontend.
 */
class PanelsBrowserTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void finishedJobPanelBoundariesAndRestorePolicies() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        Api api = new Api(port);
        Path input = KnownEvents.writeFile(Files.createTempFile(Path.of("target"), "known-events-", ".jsonl"));
        String finished = KnownEvents.spec("e2e-finished", "unused").replace(
                "source: { kind: kafka, topic: unused, startFrom: earliest }",
                "source: { kind: file, path: target/" + input.getFileName() + " }");
        assertThat(api.post("/api/jobs", "application/yaml", finished).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-finished/deploy").status()).isEqualTo(200);

        KnownEvents.produce(kafka.bootstrapServers(), "e2e-restore-ui");
        String v1 = KnownEvents.spec("e2e-restore-ui", "e2e-restore-ui") + "checkpoints: { interval: 200ms }\n";
        assertThat(api.post("/api/jobs", "application/yaml", v1).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-restore-ui/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/e2e-restore-ui/results").body().get("results").size() == 4);
        assertThat(api.post("/api/jobs/e2e-restore-ui/savepoints", "application/json", "{\"stop\":true}").status())
                .isEqualTo(201);
        assertThat(api.post("/api/jobs", "application/yaml", v1.replace("size: 10s", "size: 5s")).status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs/e2e-finished").body()
                .get("deployment").get("status").asString().equals("FINISHED"));

        String output = BrowserScript.run(port, "panels", Map.of("TALLY_FINISHED_JOB", "e2e-finished",
                "TALLY_FINISHED_EXPECT", "{\"campaign-000\":2}",
                "TALLY_RESTORE_JOB", "e2e-restore-ui",
                "TALLY_SCREENSHOTS", Path.of("target").toAbsolutePath().toString()),
                Duration.ofSeconds(180));
        assertThat(output).contains("panels e2e: ok");
    }
}
