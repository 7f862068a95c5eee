package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tally.control.system.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The State page in headless Chromium ({@code frontend/e2e/state.e2e.mjs}): a key lookup live and in a savepoint,
 * the top N of the open window, a refused parameter shown at its field, and the diff of two savepoints. Skipped
 * only when the build skipped the frontend.
 */
class StateBrowserTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    private long live(Api api, String job, String key) {
        var entries = api.get("/api/jobs/" + job + "/state/key?key=" + key + "&windowStart=" + StateInput.WINDOW)
                .body().get("entries");
        return entries == null || entries.isEmpty() ? -1 : entries.get(0).get("values").get("n").asLong();
    }

    @Test
    void looksUpKeysLiveAndInSavepointsAndComparesSavepoints() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        Api api = new Api(port);
        String job = "state-ui";
        try (StateInput input = new StateInput(kafka.bootstrapServers(), job)) {
            assertThat(api.post("/api/jobs", "application/yaml", StateInput.spec(job, job)).status()).isEqualTo(201);
            assertThat(api.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);
            input.send(0, 1_000, 5); // 200 events of each of k0..k4
            await().atMost(Duration.ofSeconds(60)).until(() -> live(api, job, "k4") == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs/" + job
                    + "/state/key?key=k0").body().get("checkpointId").asLong() > 0);
            Api.Response older = api.post("/api/jobs/" + job + "/savepoints", "application/json", "{}");
            assertThat(older.status()).isEqualTo(201);
            input.send(0, 100, 1); // 100 more of k0
            await().atMost(Duration.ofSeconds(30)).until(() -> live(api, job, "k0") == 300);
            Api.Response newer = api.post("/api/jobs/" + job + "/savepoints", "application/json", "{}");
            assertThat(newer.status()).isEqualTo(201);

            String output = BrowserScript.run(port, "state", Map.of("TALLY_STATE_JOB", job,
                    "TALLY_STATE_WINDOW", String.valueOf(StateInput.WINDOW),
                    "TALLY_STATE_OLDER", older.body().get("id").asString()), Duration.ofSeconds(180));
            assertThat(output).contains("state e2e: ok");
            assertThat(api.post("/api/jobs/" + job + "/stop").status()).isEqualTo(200);
        }
    }
}
