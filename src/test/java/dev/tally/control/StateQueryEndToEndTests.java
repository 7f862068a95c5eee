package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Queryable state through the REST API, against the real engine reading the embedded Kafka broker: live reads
 * while the job ingests, the same reads in savepoints, a diff of two savepoints, and refusals that change nothing.
 */
class StateQueryEndToEndTests extends EndToEndSupport {

    private static final long WINDOW = StateInput.WINDOW;
    private static final int KEYS = 10;
    private static final int EVENTS = 300_000;

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    private static long value(JsonNode answer) {
        JsonNode entries = answer.get("entries");
        return entries.isEmpty() ? 0 : entries.get(0).get("values").get("n").asLong();
    }

    private static Map<String, Long> counts(JsonNode answer) {
        Map<String, Long> out = new HashMap<>();
        answer.get("entries").forEach(e -> out.put(e.get("key").asString(), e.get("values").get("n").asLong()));
        return out;
    }

    @Test
    void liveValuesNeverDecreaseDuringIngestionAndEqualTheFinalResults() throws Exception {
        Api api = new Api(port);
        String name = "sq-live";
        String topic = name;
        StateInput input = new StateInput(kafka.bootstrapServers(), topic);
        assertThat(api.post("/api/jobs", "application/yaml", StateInput.spec(name, topic)).status()).isEqualTo(201);
        Api.Response notRunning = api.get("/api/jobs/" + name + "/state/key?key=k1");
        assertThat(notRunning.status()).isEqualTo(409);
        assertThat(notRunning.body().get("detail").asString()).contains("not running");
        assertThat(api.post("/api/jobs/" + name + "/deploy").status()).isEqualTo(200);
        String key = "/api/jobs/" + name + "/state/key?key=k3&windowStart=" + WINDOW;
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(key).status() == 200);

        try (input) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    input.send(0, EVENTS, KEYS);
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "sq-producer");
            writer.start();
            List<Long> seen = new ArrayList<>();
            long expected = EVENTS / KEYS;
            while (seen.isEmpty() || seen.get(seen.size() - 1) < expected) {
                JsonNode answer = api.get(key).body();
                seen.add(value(answer));
                assertThat(answer.get("source").asString()).isEqualTo("live");
                assertThat(answer.get("subtasks").asInt()).isEqualTo(1);
                assertThat(answer.get("watermark").asLong()).isLessThan(WINDOW + 60_000 - 1);
                assertThat(seen.size()).as("the live value reaches the count written").isLessThan(200_000);
            }
            writer.join();
            assertThat(failed.get()).isNull();
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i)).as("reads never decrease: " + seen).isGreaterThanOrEqualTo(seen.get(i - 1));
            }
            assertThat(seen.stream().distinct().count()).as("reads during ingestion: " + seen.size())
                    .isGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> counts(api.get("/api/jobs/" + name
                    + "/state/scan?prefix=k&limit=100").body()).values().stream().allMatch(n -> n == expected));
            JsonNode scan = api.get("/api/jobs/" + name + "/state/scan?prefix=k&limit=100").body();
            assertThat(counts(scan)).hasSize(KEYS);
            assertThat(scan.get("subtasks").asInt()).isEqualTo(2);
            assertThat(scan.get("truncated").asBoolean()).isFalse();
            JsonNode top = api.get("/api/jobs/" + name + "/state/top?n=3&windowStart=" + WINDOW).body();
            assertThat(top.get("entries")).hasSize(3);
            assertThat(top.get("truncated").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get(key).body().get("checkpointId").asLong() > 0);

            refusalsChangeNothing(api, name, scan);
            savepointsAnswerTheSameQueriesAndDiff(api, name, input, scan);

            // close the window: its final results equal the last live reads
            Map<String, Long> live = counts(api.get("/api/jobs/" + name + "/state/scan?limit=100").body());
            input.closeWindow();
            Map<String, Long> fired = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                fired.clear();
                api.get("/api/jobs/" + name + "/results?windows=10").body().get("results").forEach(r -> {
                    if (r.get("windowStart").asLong() == WINDOW) {
                        fired.put(r.get("key").asString(), r.get("values").get("n").asLong());
                    }
                });
                return fired.size() == KEYS;
            });
            assertThat(fired).isEqualTo(live);
            assertThat(api.get(key).body().get("entries")).as("a fired window is no longer state").isEmpty();
        }
        assertThat(api.post("/api/jobs/" + name + "/stop").status()).isEqualTo(200);
        assertThat(api.get(key).status()).isEqualTo(409);
    }

    private void refusalsChangeNothing(Api api, String name, JsonNode before) {
        String base = "/api/jobs/" + name;
        Map<String, String> bad = Map.of(base + "/state/key", "key", base + "/state/key?key=", "key",
                base + "/state/key?key=k1&windowStart=soon", "windowStart", base + "/state/top?n=0", "n",
                base + "/state/top?n=1000000", "n", base + "/state/scan?limit=x", "limit",
                base + "/savepoints/diff?to=abc", "from", base + "/savepoints/diff?from=abc", "to");
        bad.forEach((path, field) -> {
            Api.Response r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body().get("detail").asString()).as(path).startsWith(field + ":");
            assertThat(r.body().get("errors").get(0).get("field").asString()).as(path).isEqualTo(field);
            assertThat(r.body().get("errors").get(0).get("pointer").asString()).as(path).isEqualTo("/" + field);
        });
        assertThat(api.get("/api/jobs/sq-nobody/state/key?key=a").status()).isEqualTo(404);
        JsonNode after = api.get(base + "/state/scan?prefix=k&limit=100").body();
        assertThat(after.get("entries")).as("refused: unchanged").isEqualTo(before.get("entries"));
        assertThat(api.get(base + "/deployment").body().get("status").asString()).isEqualTo("RUNNING");
    }

    private void savepointsAnswerTheSameQueriesAndDiff(Api api, String name, StateInput input, JsonNode liveScan) {
        String base = "/api/jobs/" + name;
        Api.Response first = api.post(base + "/savepoints", "application/json", "{}");
        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(201);
        String a = first.body().get("id").asString();
        JsonNode stored = api.get(base + "/savepoints/" + a + "/state/scan?prefix=k&limit=100").body();
        assertThat(stored.get("source").asString()).isEqualTo("savepoint");
        assertThat(stored.get("savepoint").asString()).isEqualTo(a);
        assertThat(stored.get("entries")).isEqualTo(liveScan.get("entries"));
        JsonNode one = api.get(base + "/savepoints/" + a + "/state/key?key=k3&windowStart=" + WINDOW).body();
        assertThat(value(one)).isEqualTo(EVENTS / KEYS);
        assertThat(api.get(base + "/savepoints/" + a + "/state/top?n=2").body().get("entries")).hasSize(2);

        input.send(0, 1_000, 1); // 1,000 more events, all of key k0
        await().atMost(Duration.ofSeconds(30)).until(() -> value(api.get(base + "/state/key?key=k0&windowStart="
                + WINDOW).body()) == EVENTS / KEYS + 1_000);
        Api.Response second = api.post(base + "/savepoints", "application/json", "{}");
        assertThat(second.status()).isEqualTo(201);
        String b = second.body().get("id").asString();
        JsonNode diff = api.get(base + "/savepoints/diff?from=" + a + "&to=" + b).body();
        assertThat(diff.get("differ").asLong()).isEqualTo(1);
        assertThat(diff.get("same").asLong()).isEqualTo(KEYS - 1);
        assertThat(diff.get("onlyInFrom").asLong()).isZero();
        assertThat(diff.get("onlyInTo").asLong()).isZero();
        JsonNode change = diff.get("changes").get(0);
        assertThat(change.get("key").asString()).isEqualTo("k0");
        assertThat(change.get("status").asString()).isEqualTo("DIFFER");
        assertThat(change.get("from").get("n").asLong()).isEqualTo(EVENTS / KEYS);
        assertThat(change.get("to").get("n").asLong()).isEqualTo(EVENTS / KEYS + 1_000);
        assertThat(api.get(base + "/savepoints/diff?from=" + a + "&to=0123456789abcdef0123456789abcdef").status())
                .isEqualTo(404);
        assertThat(api.get(base + "/savepoints/diff?from=" + a + "&to=" + b + "&limit=0").status()).isEqualTo(400);
    }
}
