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
import tools.jackson.databind.JsonNode;

/**
 * The deployment operations and the savepoint catalog in headless Chromium ({@code frontend/e2e/operations.e2e.mjs})
 * against the real application: the upgrade wizard to a compatible v2 (plan, run, SUCCEEDED with the health
 * gate passed), the rescale dialog from 2 to 3 (plan with key counts per subtask, run, measured downtime), the
 * timeline, and on the savepoints page a pinned savepoint whose delete is refused, then unpinned, and another
 * one deleted. Skipped only when the build skipped the frontend.
 */
class OperationsBrowserTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void upgradeRescaleAndCatalogThroughTheDashboard() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        Api api = new Api(port);
        String name = "ops-ui";
        try (Feed feed = new Feed(kafka.bootstrapServers(), name + "-in", 20)) {
            feed.send(400);
            String v1 = LifecycleEndToEndTests.spec(name, LifecycleEndToEndTests.CHECKPOINTS);
            assertThat(api.post("/api/jobs", "application/yaml", v1).status()).isEqualTo(201);
            assertThat(api.post("/api/jobs/" + name + "/deploy").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode r = api.get("/api/jobs/" + name + "/results").body();
                return r != null && r.get("checkpoints") != null && r.get("checkpoints").get("completed").asInt() > 0;
            });
            String pin = savepoint(api, name);
            String delete = savepoint(api, name);
            String v2 = LifecycleEndToEndTests.spec(name, "checkpoints: { interval: 300ms, mode: exactly-once }\n");
            assertThat(api.post("/api/jobs", "application/yaml", v2).status()).isEqualTo(201);
            feed.startTrickle();

            String output = BrowserScript.run(port, "operations", Map.of("TALLY_JOB", name,
                    "TALLY_PIN_ID", pin,
                    "TALLY_DELETE_ID", delete,
                    "TALLY_SCREENSHOTS", Path.of("target", "operations-screenshots").toAbsolutePath() .toString()),
                    Duration.ofSeconds(300));
            assertThat(output).contains("operations e2e: ok");

            JsonNode deployment = api.get("/api/jobs/" + name + "/deployment").body();
            assertThat(deployment.get("version").asInt()).isEqualTo(2);
            assertThat(deployment.get("parallelism").asInt()).isEqualTo(3);
            assertThat(deployment.get("observedVersion").asInt()).isEqualTo(2);
            assertThat(deployment.get("observedParallelism").asInt()).isEqualTo(3);
            JsonNode settings = api.get("/api/jobs/" + name + "/savepoint-settings").body();
            assertThat(settings.get("keep").asInt()).as("saved through the form").isEqualTo(8);
            assertThat(settings.get("maxAge").asString()).isEqualTo("7d");
            assertThat(settings.get("periodicInterval").asString()).isEqualTo("1h");
            JsonNode left = api.get("/api/jobs/" + name + "/savepoints").body();
            assertThat(left.valueStream().map(s -> s.get("id").asString()).toList()).contains(pin)
                    .doesNotContain(delete);
            assertThat(left.valueStream().filter(s -> s.get("id").asString().equals(pin)).findFirst().orElseThrow()
                    .get("pinned").asBoolean()).as("unpinned through the page").isFalse();
        }
    }

    private static String savepoint(Api api, String name) {
        Api.Response r = api.post("/api/jobs/" + name + "/savepoints", "application/json", "{\"stop\":false}");
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
        return r.body().get("id").asString();
    }
}
