package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import dev.tally.testing.CommittedRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A what-if replay driven in headless Chromium ({@code frontend/e2e/replay.e2e.mjs}) against the real application:
 * a refused start shown at its field, a started replay's progress bar to completion, and its comparison with
 * production's Kafka results showing the differing cells computed here by plain arithmetic. Skipped only when the
 * build skipped the frontend.
 */
class ReplayBrowserTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void aReplayThroughTheDashboard() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        Api api = new Api(port);
        List<ReplayInput.Event> events = ReplayInput.events(40_000, 4, 21);
        ReplayInput.produce(kafka.bootstrapServers(), "replay-ui-in", 4, events);
        String sinks = "sinks: [ { kind: kafka, topic: replay-ui-out } ]\ncheckpoints: { interval: 200ms }";
        assertThat(api.post("/api/jobs", "application/yaml",
                ReplayInput.spec("replay-ui", "replay-ui-in", "kind == \"view\"", sinks)).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/replay-ui/deploy").status()).isEqualTo(200);
        List<ReplayInput.WindowExpectation> expected = ReplayInput.expected(events);
        long cells = expected.stream().mapToLong(w -> w.match() + w.differ() + w.onlyA()).sum();
        await().atMost(Duration.ofSeconds(90)).until(() -> CommittedRecords.read(kafka.bootstrapServers(),
                "replay-ui-out").size() >= cells);
        assertThat(api.post("/api/jobs", "application/yaml", ReplayInput.spec("replay-ui", "replay-ui-in",
                "kind == \"view\" and v >= 5", sinks)).status()).isEqualTo(201);
        long differ = expected.stream().mapToLong(ReplayInput.WindowExpectation::differ).sum();

        String output = BrowserScript.run(port, "replay", Map.of("TALLY_JOB", "replay-ui",
                "TALLY_EXPECT_DIFFER", Long.toString(differ),
                "TALLY_SCREENSHOTS", Path.of("target", "replay-screenshots").toAbsolutePath().toString()),
                Duration.ofSeconds(240));
        assertThat(output).contains("replay e2e: ok");

        JsonNode replays = api.get("/api/jobs/replay-ui/replays").body();
        assertThat(replays.size()).as("the refused start made no replay").isEqualTo(1);
        JsonNode report = api.get("/api/jobs/replay-ui/replays/" + replays.get(0).get("id").asLong()).body()
                .get("report");
        assertThat(report.get("differ").asLong()).isEqualTo(differ);
        assertThat(report.get("onlyA").asLong()).isEqualTo(expected.stream()
                .mapToLong(ReplayInput.WindowExpectation::onlyA).sum());
        assertThat(api.post("/api/jobs/replay-ui/stop").status()).isEqualTo(200);
    }
}
