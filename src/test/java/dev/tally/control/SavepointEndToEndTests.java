package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Savepoints through the REST API: take, list, check against a new version, read state, restore. */
class SavepointEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void takesChecksReadsAndRestoresSavepoints() throws Exception {
        Api api = new Api(port);
        KnownEvents.produce(kafka.bootstrapServers(), "e2e-sp");
        String spec = KnownEvents.spec("e2e-sp", "e2e-sp")
                + "checkpoints: { interval: 200ms }\nsinks: [ { kind: kafka, topic: e2e-sp-out } ]\n";
        Api.Response submitted = api.post("/api/jobs", "application/yaml", spec);
        assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-sp/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/e2e-sp/results").body().get("results").size() == 4);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> api.get("/api/jobs/e2e-sp/results").body().get("checkpoints").get("completed").asInt() > 0);

        for (int i = 0; i < 3; i++) { // while checkpoints run every 200 ms: a savepoint waits for the one in flight
            assertThat(api.post("/api/jobs/e2e-sp/savepoints", "application/json", "{}").status()).isEqualTo(201);
        }
        Api.Response taken = api.post("/api/jobs/e2e-sp/savepoints", "application/json", "{}");
        assertThat(taken.status()).as(String.valueOf(taken.body())).isEqualTo(201);
        String id = taken.body().get("id").asString();
        assertThat(api.get("/api/jobs/e2e-sp/savepoints").body().get(0).get("id").asString()).isEqualTo(id);
        JsonNode detail = api.get("/api/jobs/e2e-sp/savepoints/" + id).body();
        assertThat(detail.get("compatibility").get("compatible").asBoolean()).isTrue();
        // the closing events' window [T0+60s, T0+70s) is still open: 2 views of campaign-000 inside the savepoint
        JsonNode state = api.get("/api/jobs/e2e-sp/savepoints/" + id + "/state?key=campaign-000&windowStart="
                + (KnownEvents.T0 + 60_000)).body();
        assertThat(state.get(0).get("values").get("views").asLong()).isEqualTo(2);

        assertThat(api.post("/api/jobs/e2e-sp/stop").status()).isEqualTo(200);
        String v2 = spec.replace("size: 10s", "size: 5s");
        assertThat(api.post("/api/jobs", "application/yaml", v2).status()).isEqualTo(201);
        JsonNode incompatible = api.get("/api/jobs/e2e-sp/savepoints/" + id).body().get("compatibility");
        assertThat(incompatible.get("compatible").asBoolean()).isFalse();
        assertThat(incompatible.get("changes").get(0).get("field").asString()).isEqualTo("/window");
        Api.Response refused = api.post("/api/jobs/e2e-sp/deploy?savepoint=" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("not compatible");
        Api.Response reset = api.post("/api/jobs/e2e-sp/deploy?savepoint=" + id + "&policy=reset-windows");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body().get("version").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> id.equals(
                api.get("/api/jobs/e2e-sp/results").body().get("checkpoints").get("restoredFrom").asString()));

        assertThat(api.get("/api/jobs/e2e-sp/savepoints/0123456789abcdef0123456789abcdef").status()).isEqualTo(404);
        assertThat(api.post("/api/jobs/e2e-sp/deploy?savepoint=x&policy=maybe").status()).isEqualTo(400);
        assertThat(api.post("/api/jobs/e2e-sp/stop").status()).isEqualTo(200);
    }
}
