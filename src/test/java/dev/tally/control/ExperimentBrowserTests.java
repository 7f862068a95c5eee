package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An A/B experiment driven through the dashboard in headless Chromium ({@code frontend/e2e/experiment.e2e.mjs})
 * against the real application: started from the job page, its live report read (only the filtered key differs),
 * promoted with its confirmation; then the API shows the experiment PROMOTED and the deployment upgraded to b.
 * Skipped only when the build skipped the frontend.
 */
class ExperimentBrowserTests extends ExperimentSupport {

    @Test
    void startsAnExperimentReadsItsReportAndPromotesIt() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        String name = "exp-ui";
        try (Feed feed = fedJob(name, "filter: k != \"k3\"\n")) {

            String output = BrowserScript.run(port, "experiment", Map.of("TALLY_JOB", name, "TALLY_SCREENSHOTS",
                    Path.of("target", "experiment-screenshots").toAbsolutePath().toString()), Duration.ofSeconds(240));
            assertThat(output).contains("experiment e2e: ok");

            JsonNode list = api.get("/api/jobs/" + name + "/experiments").body();
            assertThat(list.size()).isEqualTo(1);
            assertThat(list.get(0).get("state").asString()).isEqualTo("PROMOTED");
            long op = list.get(0).get("operationId").asLong();
            String path = "/api/jobs/" + name + "/deployment/operations/" + op;
            await().atMost(Duration.ofSeconds(60)).until(() -> !api.get(path).body().get("state").asString()
                    .equals("RUNNING"));
            assertThat(api.get(path).body().get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/api/jobs/" + name + "/deployment").body().get("observedVersion").asInt()).isEqualTo(2);
        }
    }
}
