package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tally.control.system.KafkaConnection;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Loads the dashboard in headless Chromium (driven by playwright-core from {@code frontend/e2e}) and checks it
 * shows the counts the engine computed for known events, and the records it could not count with their reasons. Skipped only when the build skipped the frontend.
 */
class DashboardBrowserTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void dashboardShowsLiveCountsOfARunningJob() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        KnownEvents.produce(kafka.bootstrapServers(), "e2e-browser");
        Api api = new Api(port);
        assertThat(api.post("/api/jobs", "application/yaml", KnownEvents.spec("e2e-browser", "e2e-browser")).status())
                .isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-browser/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/e2e-browser/results").body().get("results").size() == 4);

        String output = BrowserScript.run(port, "dashboard", Map.of("TALLY_JOB", "e2e-browser",
                "TALLY_EXPECT", "{\"campaign-000\":3,\"campaign-002\":1}",
                "TALLY_EXPECT_DEAD_LETTERS", "MALFORMED_JSON,MISSING_TIMESTAMP",
                "TALLY_SAVEPOINT", "1",
                "TALLY_SCREENSHOT", Path.of("target", "dashboard.png").toAbsolutePath().toString()),
                Duration.ofSeconds(120));
        assertThat(output).contains("dashboard e2e: ok");
        assertThat(Path.of("target", "dashboard.png")).exists();
    }
}
