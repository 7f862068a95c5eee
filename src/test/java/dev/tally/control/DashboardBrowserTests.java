package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tally.control.system.KafkaConnection;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

        Path log = Path.of("target", "dashboard-e2e.log");
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/dashboard.e2e.mjs")
                .directory(new File("frontend"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("TALLY_URL", "http://127.0.0.1:" + port + "/");
        pb.environment().put("TALLY_JOB", "e2e-browser");
        pb.environment().put("TALLY_EXPECT", "{\"campaign-000\":3,\"campaign-002\":1}");
        pb.environment().put("TALLY_EXPECT_DEAD_LETTERS", "MALFORMED_JSON,MISSING_TIMESTAMP");
        pb.environment().put("TALLY_SAVEPOINT", "1");
        pb.environment().put("TALLY_SCREENSHOT", Path.of("target", "dashboard.png").toAbsolutePath().toString());
        Process node = signedIn(pb).start();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("browser test timed out: %s", output).isTrue();
        assertThat(node.exitValue()).as("browser test output: %s", output).isZero();
        assertThat(output).contains("dashboard e2e: ok");
        assertThat(Path.of("target", "dashboard.png")).exists();
    }
}
