package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton through every layer: known events into the embedded Kafka broker, a job submitted and
 * deployed over REST, and the exact window counts read back over REST.
 */
class EndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void countsKnownEventsExactlyAndReportsBadRecords() throws Exception {
        KnownEvents.produce(kafka.bootstrapServers(), "e2e-rest");
        Api.Response submitted = api.post("/api/jobs", "application/yaml", KnownEvents.spec("e2e-rest", "e2e-rest"));
        assertThat(submitted.status()).isEqualTo(201);
        assertThat(submitted.body().get("version").asInt()).isEqualTo(1);
        assertThat(api.post("/api/jobs/e2e-rest/deploy").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(counts(api.get("/api/jobs/e2e-rest/results?windows=10").body()))
                        .isEqualTo(KnownEvents.EXPECTED));
        JsonNode metrics = api.get("/api/jobs/e2e-rest/results").body().get("metrics");
        assertThat(metrics.get("recordsIn").asLong()).isEqualTo(KnownEvents.RECORDS);
        assertThat(metrics.get("recordsFiltered").asLong()).isEqualTo(KnownEvents.FILTERED);
        assertThat(metrics.get("deadLetters").asLong()).isEqualTo(KnownEvents.DEAD_LETTERS);
        assertThat(metrics.get("deadLettersByReason").get("MALFORMED_JSON").asLong()).isEqualTo(1);
        assertThat(metrics.get("deadLettersByReason").get("MISSING_TIMESTAMP").asLong()).isEqualTo(1);
        assertThat(metrics.get("lateDropped").asLong()).isZero();
        JsonNode dead = api.get("/api/jobs/e2e-rest/dead-letters").body();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).get("excerpt").asString()).contains("truncated");

        await().atMost(Duration.ofSeconds(10)).until(
                () -> api.get("/api/jobs/e2e-rest").body().get("deployment").get("status").asString().equals("RUNNING"));
        assertThat(api.post("/api/jobs/e2e-rest/deploy").status()).isEqualTo(409);
        Api.Response stopped = api.post("/api/jobs/e2e-rest/stop");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("desiredState").asString()).isEqualTo("STOPPED");
        assertThat(api.post("/api/jobs/e2e-rest/stop").status()).isEqualTo(409);
    }

    @Test
    void keepsVersionsAndAcceptsJsonAndYaml() {
        String yaml = KnownEvents.spec("e2e-versions", "e2e-versions");
        assertThat(api.post("/api/jobs", "application/yaml", yaml).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs", "application/yaml", yaml).status()).isEqualTo(200);
        JsonNode detail = api.get("/api/jobs/e2e-versions").body();
        String json = detail.get("spec").toString().replace("10s", "5s");
        Api.Response second = api.post("/api/jobs", "application/json", json);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().get("version").asInt()).isEqualTo(2);
        assertThat(second.body().get("warnings")).isEmpty();
        JsonNode versions = api.get("/api/jobs/e2e-versions").body().get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("specHash").asString()).isNotEqualTo(versions.get(1).get("specHash").asString());
    }

    @Test
    void badSpecIsAProblemDetailNamingTheField() {
        Api.Response r = api.post("/api/jobs", "application/yaml",
                KnownEvents.spec("e2e-bad", "t").replace("size: 10s", "size: 10s, offset: 20s"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("errors").get(0).get("pointer").asString()).isEqualTo("/window/offset");
        assertThat(r.body().toString()).doesNotContain("Exception");

        Api.Response expr = api.post("/api/jobs", "application/json",
                "{\"name\":\"e2e-bad\",\"source\":{\"kind\":\"kafka\",\"topic\":\"t\"},\"time\":{\"field\":\"t\"},"
                        + "\"key\":\"lookup('nope', ad_id)\",\"window\":{\"kind\":\"tumbling\",\"size\":\"1s\"},"
                        + "\"aggregates\":[{\"name\":\"n\",\"kind\":\"count\"}]}");
        assertThat(expr.status()).isEqualTo(400);
        assertThat(expr.body().get("errors").get(0).get("pointer").asString()).isEqualTo("/key");
        assertThat(expr.body().get("errors").get(0).get("message").asString()).contains("unknown lookup table 'nope'");
    }

    @Test
    void case36_triggerThatDropsDataIsAcceptedWithAWarning() {
        Api.Response r = api.post("/api/jobs", "application/yaml",
                KnownEvents.spec("e2e-warn", "t").replace("window: { kind: tumbling, size: 10s }",
                        "window: { kind: tumbling, size: 10s }\ntrigger: { count: 2 }"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("warnings").get(0).get("pointer").asString()).isEqualTo("/trigger/count");
        assertThat(r.body().get("warnings").get(0).get("message").asString()).contains("never emitted");
    }

    @Test
    void unknownJobIsNotFound() {
        Api.Response r = api.get("/api/jobs/no-such-job");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(api.post("/api/jobs/no-such-job/deploy").status()).isEqualTo(404);
    }

    private static Map<Long, Map<String, Long>> counts(JsonNode results) {
        Map<Long, Map<String, Long>> out = new HashMap<>();
        for (JsonNode r : results.get("results")) {
            out.computeIfAbsent(r.get("windowStart").asLong(), w -> new HashMap<>())
                    .put(r.get("key").asString(), r.get("values").get("views").asLong());
        }
        return out;
    }
}
