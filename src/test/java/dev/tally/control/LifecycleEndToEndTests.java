package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.deployment.Operations;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.Engine;
import dev.tally.engine.runtime.KeyGroups;
import dev.tally.engine.snapshot.SavepointReader;
import dev.tally.engine.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The lifecycle of a deployment end to end (issue #13): upgrades with exact counts, a refused incompatible
 * version, a forced one, an automatic rollback after a failed health gate, rescales with the plan's key counts,
 * suspend and resume, stop with drain; results read from Kafka with read_committed and compared with a bounded
 * run of the engine over the same input.
 */
class LifecycleEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    Engine engine;

    @Autowired
    SnapshotStores stores;

    @Autowired
    Operations operations;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    static String spec(String name, String extra) {
        return """
                name: %s
                source: { kind: kafka, topic: %s-in, startFrom: earliest }
                time: { field: t, outOfOrderness: 100ms }
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                sinks: [ { kind: kafka, topic: %s-out } ]
                parallelism: 2
                """.formatted(name, name, name) + extra;
    }

    static final String CHECKPOINTS = "checkpoints: { interval: 200ms, mode: exactly-once }\n";

    void submit(String yaml, int version) {
        Api.Response r = api.post("/api/jobs", "application/yaml", yaml);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
        assertThat(r.body().get("version").asInt()).isEqualTo(version);
    }

    void deployAndAwaitCheckpoint(String name) {
        deployAndAwaitCheckpoint(api, name);
    }

    /** Deploys the job's latest version and waits for its first completed checkpoint. */
    static void deployAndAwaitCheckpoint(Api api, String name) {
        assertThat(api.post("/api/jobs/" + name + "/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode r = api.get("/api/jobs/" + name + "/results").body();
            return r != null && r.get("checkpoints") != null && r.get("checkpoints").get("completed").asInt() > 0;
        });
    }

    Api.Response postJson(String path, String json) {
        return api.post(path, "application/json", json);
    }

    JsonNode awaitOperation(String name, JsonNode op, String state) {
        String path = "/api/jobs/" + name + "/deployment/operations/" + op.get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> !api.get(path).body().get("state").asString()
                .equals("RUNNING"));
        JsonNode done = api.get(path).body();
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo(state);
        return done;
    }

    void drainAfterReadingAll(String name, Feed feed) {
        drainAfterReadingAll(api, name, feed);
    }

    /** Waits until the deployment has read everything written, then drains it: every window fires. */
    static void drainAfterReadingAll(Api api, String name, Feed feed) {
        long last = feed.lastTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode w = api.get("/api/jobs/" + name + "/results").body().get("watermark");
            return w != null && !w.isNull() && w.asLong() >= last - 200;
        });
        Api.Response drained = api.post("/api/jobs/" + name + "/deployment/drain");
        assertThat(drained.status()).as(String.valueOf(drained.body())).isEqualTo(200);
        assertThat(drained.body().get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/jobs/" + name + "/deployment").body().get("desiredState").asString())
                .isEqualTo("STOPPED");
    }

    /** Every window's result committed exactly once, with the counts of a bounded run of the same input. */
    void assertExactlyTheBoundedRun(String name, String yaml) throws Exception {
        Map<String, Long> expected = Feed.boundedRun(engine, yaml);
        Map<String, Long> actual = new HashMap<>();
        Map<String, Integer> times = new HashMap<>();
        for (String[] r : Feed.readCommitted(kafka.bootstrapServers(), name + "-out")) {
            actual.put(r[0], Long.parseLong(r[1]));
            times.merge(r[0], 1, Integer::sum);
        }
        assertThat(times.values()).as("each window's result once").allMatch(n -> n == 1);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void upgradesACompatibleVersionWithExactCountsAndRefusesAConflictingRequest() throws Exception {
        String name = "life-up";
        String v1 = spec(name, CHECKPOINTS);
        try (Feed feed = new Feed(kafka.bootstrapServers(), name + "-in", 20)) {
            feed.send(400);
            submit(v1, 1);
            deployAndAwaitCheckpoint(name);
            submit(spec(name, "checkpoints: { interval: 300ms, mode: exactly-once }\n"), 2);

            Api.Response dry = postJson("/api/jobs/" + name + "/upgrade", "{\"version\":2,\"dryRun\":true}");
            assertThat(dry.status()).as(String.valueOf(dry.body())).isEqualTo(200);
            assertThat(dry.body().get("compatibility").get("compatible").asBoolean()).isTrue();
            assertThat(dry.body().get("openWindows").asString()).isEqualTo("KEPT");
            assertThat(dry.body().get("gate").get("checkpoints").asInt()).isEqualTo(1);
            assertThat(dry.body().get("expectedDowntimeMs").asLong()).isPositive();
            assertThat(api.get("/api/jobs/" + name + "/deployment/operations").body()).as("dry run").isEmpty();

            feed.startTrickle();
            Api.Response started = postJson("/api/jobs/" + name + "/upgrade",
                    "{\"version\":2,\"gate\":{\"checkpoints\":3}}");
            assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(202);
            long id = started.body().get("id").asLong();
            Api.Response conflict = api.post("/api/jobs/" + name + "/stop");
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.body().get("detail").asString()).contains("UPGRADE (operation " + id + ")");
            assertThat(postJson("/api/jobs/" + name + "/rescale", "{\"parallelism\":3}").status()).isEqualTo(409);

            JsonNode done = awaitOperation(name, started.body(), "SUCCEEDED");
            List<String> steps = done.get("steps").valueStream().map(s -> s.get("step").asString()).toList();
            assertThat(steps).containsExactly("PLANNED", "SAVEPOINT_TAKEN", "STOPPED", "STARTED", "GATE_PASSED", "DONE");
            assertThat(done.get("steps").valueStream().map(s -> java.time.Instant.parse(s.get("at").asString())))
                    .as("each step has its time, in order").isSorted();
            assertThat(done.get("steps").get(1).get("note").asString()).contains(done.get("savepoint").asString());
            assertThat(done.get("downtimeMs").asLong()).isPositive();
            JsonNode deployment = api.get("/api/jobs/" + name + "/deployment").body();
            assertThat(deployment.get("version").asInt()).isEqualTo(2);
            assertThat(deployment.get("observedVersion").asInt()).as("what the engine runs").isEqualTo(2);
            assertThat(deployment.get("observedParallelism").asInt()).isEqualTo(deployment.get("parallelism").asInt());
            assertThat(deployment.get("restoredFrom").asString()).isEqualTo(done.get("savepoint").asString());
            assertThat(operations.whyNeeded(name, done.get("savepoint").asString())).hasValueSatisfying(
                    why -> assertThat(why).contains("rollback point"));
            assertThat(operations.whyNeeded(name, "0123456789abcdef0123456789abcdef")).isEmpty();
            List<String> types = api.get("/api/jobs/" + name + "/deployment/events").body().valueStream()
                    .map(e -> e.get("type").asString()).toList();
            assertThat(types).containsSubsequence("PLANNED", "OPERATION_STARTED", "SAVEPOINT_TAKEN", "STOPPED",
                    "STARTED", "GATE_PASSED", "SUCCEEDED");

            feed.stopTrickle();
            feed.send(100);
            drainAfterReadingAll(name, feed);
            assertExactlyTheBoundedRun(name, v1);
        }
    }

    @Test
    void refusesAnIncompatibleVersionForcesItAndRollsBackOneThatFailsItsHealthGate() throws Exception {
        String name = "life-gate";
        try (Feed feed = new Feed(kafka.bootstrapServers(), name + "-in", 10)) {
            feed.send(300);
            submit(spec(name, CHECKPOINTS), 1);
            deployAndAwaitCheckpoint(name);
            String v2 = spec(name, CHECKPOINTS).replace("size: 1s", "size: 2s");
            submit(v2, 2);

            Api.Response refused = postJson("/api/jobs/" + name + "/upgrade", "{\"version\":2,\"dryRun\":true}");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().get("detail").asString()).contains("not compatible", "window.size");
            JsonNode plan = refused.body().get("plan");
            assertThat(plan.get("openWindows").asString()).isEqualTo("REFUSED");
            assertThat(plan.get("compatibility").get("changes").get(0).get("field").asString()).isEqualTo("/window");
            assertThat(postJson("/api/jobs/" + name + "/upgrade", "{\"version\":2}").status()).isEqualTo(409);
            assertThat(api.get("/api/jobs/" + name + "/deployment/operations").body()).as("refused").isEmpty();

            Api.Response reset = postJson("/api/jobs/" + name + "/upgrade",
                    "{\"version\":2,\"policy\":\"reset-windows\",\"dryRun\":true}");
            assertThat(reset.status()).isEqualTo(200);
            assertThat(reset.body().get("openWindows").asString()).isEqualTo("RESET");
            feed.startTrickle();
            Api.Response forced = postJson("/api/jobs/" + name + "/upgrade",
                    "{\"version\":2,\"policy\":\"reset-windows\"}");
            assertThat(forced.status()).isEqualTo(202);
            awaitOperation(name, forced.body(), "SUCCEEDED");

            submit(v2 + "filter: k == \"nobody\"\n", 3);
            Api.Response bad = postJson("/api/jobs/" + name + "/upgrade",
                    "{\"version\":3,\"gate\":{\"timeout\":\"3s\"}}");
            assertThat(bad.status()).as(String.valueOf(bad.body())).isEqualTo(202);
            JsonNode rolledBack = awaitOperation(name, bad.body(), "ROLLED_BACK");
            assertThat(rolledBack.get("error").asString()).contains("no records flowing");
            String savepoint = rolledBack.get("savepoint").asString();
            JsonNode deployment = api.get("/api/jobs/" + name + "/deployment").body();
            assertThat(deployment.get("version").asInt()).isEqualTo(2);
            assertThat(deployment.get("restoredFrom").asString()).isEqualTo(savepoint);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode r = api.get("/api/jobs/" + name + "/results").body();
                assertThat(r.get("checkpoints").get("restoredFrom").asString()).isEqualTo(savepoint);
                assertThat(api.get("/api/jobs/" + name + "/deployment").body().get("status").asString())
                        .isEqualTo("RUNNING");
            });
            List<String> types = api.get("/api/jobs/" + name + "/deployment/events").body().valueStream()
                    .map(e -> e.get("type").asString()).toList();
            assertThat(types).containsSubsequence("STARTED", "ROLLING_BACK", "ROLLED_BACK");
            JsonNode audit = api.get("/api/audit?principal=system&action=rollback").body();
            assertThat(audit.get("items").get(0).get("detail").asString()).contains("no records flowing",
                    "version 2");
            // version 3 still fires the windows open at the savepoint (their counts restored): re-emitted by 2
            assertThat(rolledBack.get("error").asString()).containsPattern("version 3 emitted (no window results|"
                    + "\\d+ windows? \\(\\d+ results\\).*version 2 emits them again)");
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + name + "/deployment").body()
                    .get("observedVersion").asInt() == 2);

            rollBackAVersionThatEmittedWindows(name, v2);
            feed.stopTrickle();
            Api.Response cancelled = api.post("/api/jobs/" + name + "/deployment/cancel");
            assertThat(cancelled.body().get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/api/jobs/" + name + "/deployment").body().get("status").asString())
                    .isEqualTo("CANCELLED");
            assertThat(api.post("/api/jobs/" + name + "/deployment/cancel").status()).isEqualTo(409);
        }
    }

    /**
     * Version 4 emits windows, and commits them at its checkpoints, then fails its gate (too few checkpoints in
     * time): version 2 restored from the same savepoint emits those windows again. Kafka has both, each record
     * naming its version in header tally.version, version 2's after version 4's; the result table has one row per
     * window and key; the rollback's reason names the windows version 4 emitted.
     */
    private void rollBackAVersionThatEmittedWindows(String name, String v2) throws Exception {
        submit(v2.replace(CHECKPOINTS, "checkpoints: { interval: 500ms, mode: exactly-once }\n"), 4);
        Api.Response started = postJson("/api/jobs/" + name + "/upgrade",
                "{\"version\":4,\"gate\":{\"checkpoints\":100,\"timeout\":\"3s\"}}");
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(202);
        JsonNode rolledBack = awaitOperation(name, started.body(), "ROLLED_BACK");
        assertThat(rolledBack.get("error").asString()).contains("of 100 checkpoints completed")
                .containsPattern("version 4 emitted \\d+ windows? \\(\\d+ results\\)")
                .contains("version 2 emits them again from the savepoint", "tally.version");
        List<String> messages = api.get("/api/jobs/" + name + "/deployment/events").body().valueStream()
                .filter(e -> e.get("type").asString().equals("ROLLED_BACK")).map(e -> e.get("message").asString())
                .toList();
        assertThat(messages.get(messages.size() - 1)).contains("version 4 emitted", "version 2 emits them again");

        // Kafka: every result names its version; each window version 4 committed is emitted again by version 2
        Map<String, List<String>> versions = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            versions.clear();
            for (var r : dev.tally.testing.CommittedRecords.read(kafka.bootstrapServers(), name + "-out")) {
                var h = r.headers().lastHeader("tally.version");
                assertThat(h).as("header tally.version on every result").isNotNull();
                JsonNode n = tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.value());
                versions.computeIfAbsent(n.get("key").asString() + "@" + n.get("windowStart").asLong() + "-"
                        + n.get("windowEnd").asLong(),
                        k -> new java.util.ArrayList<>()).add(new String(h.value(), StandardCharsets.UTF_8));
            }
            List<List<String>> byFour = versions.values().stream().filter(v -> v.contains("4")).toList();
            assertThat(byFour).as("windows version 4 committed before its gate failed").isNotEmpty();
            assertThat(byFour).as("each emitted again by version 2, after version 4's")
                    .allMatch(v -> v.lastIndexOf("2") > v.indexOf("4"));
        });
        // the result table: one row per window and key, the restored version's
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + name + "/deployment").body()
                .get("observedVersion").asInt() == 2);
        JsonNode rows = api.get("/api/jobs/" + name + "/results?windows=100").body().get("results");
        // a window is its start and end: version 1's 1 s windows kept from its run share starts with the 2 s ones
        List<String> keys = rows.valueStream().map(r -> r.get("key").asString() + "@" + r.get("windowStart").asLong()
                + "-" + r.get("windowEnd").asLong()).toList();
        assertThat(keys).as("one row per window and key").doesNotHaveDuplicates();
    }

    @Test
    void rescalesTwoToFourToOneAndSuspendsAndResumesWithExactCounts() throws Exception {
        String name = "life-scale";
        String v1 = spec(name, CHECKPOINTS);
        try (Feed feed = new Feed(kafka.bootstrapServers(), name + "-in", 50)) {
            feed.send(400);
            submit(v1, 1);
            deployAndAwaitCheckpoint(name);

            Api.Response dry = postJson("/api/jobs/" + name + "/rescale", "{\"parallelism\":4,\"dryRun\":true}");
            assertThat(dry.status()).as(String.valueOf(dry.body())).isEqualTo(200);
            assertThat(dry.body().get("ranges").get("after")).hasSize(4);
            assertThat(dry.body().get("ranges").get("before")).hasSize(2);

            for (int parallelism : new int[] {4, 1}) {
                Api.Response r = postJson("/api/jobs/" + name + "/rescale", "{\"parallelism\":" + parallelism + "}");
                assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
                JsonNode done = awaitOperation(name, r.body(), "SUCCEEDED");
                assertThat(done.get("downtimeMs").asLong()).isPositive();
                assertPlanCountsTheRealKeys(name, done, parallelism);
                assertThat(api.get("/api/jobs/" + name + "/deployment").body().get("parallelism").asInt())
                        .isEqualTo(parallelism);
                feed.send(200);
            }

            Api.Response suspended = api.post("/api/jobs/" + name + "/deployment/suspend");
            assertThat(suspended.status()).as(String.valueOf(suspended.body())).isEqualTo(200);
            assertThat(suspended.body().get("state").asString()).isEqualTo("SUCCEEDED");
            String savepoint = suspended.body().get("savepoint").asString();
            JsonNode d = api.get("/api/jobs/" + name + "/deployment").body();
            assertThat(d.get("desiredState").asString()).isEqualTo("SUSPENDED");
            assertThat(d.get("status").asString()).isEqualTo("SUSPENDED");
            assertThat(api.post("/api/jobs/" + name + "/deployment/suspend").status()).isEqualTo(409);
            assertThat(operations.whyNeeded(name, savepoint)).hasValueSatisfying(
                    why -> assertThat(why).contains("suspended at it"));
            feed.send(200);
            Api.Response resumed = postJson("/api/jobs/" + name + "/deployment/resume", "{}");
            assertThat(resumed.status()).as(String.valueOf(resumed.body())).isEqualTo(200);
            assertThat(resumed.body().get("savepoint").asString()).isEqualTo(savepoint);
            assertThat(api.post("/api/jobs/" + name + "/deployment/resume").status()).as("running").isEqualTo(409);
            await().atMost(Duration.ofSeconds(20)).until(() -> savepoint.equals(api.get("/api/jobs/" + name
                    + "/results").body().get("checkpoints").get("restoredFrom").asString()));
            assertThat(api.get("/api/jobs/" + name + "/deployment").body().get("parallelism").asInt()).isEqualTo(1);

            feed.send(100);
            drainAfterReadingAll(name, feed);
            assertExactlyTheBoundedRun(name, v1);
        }
    }

    /** The rescale's recorded plan counts, per subtask after, the keys really in its savepoint's state. */
    private void assertPlanCountsTheRealKeys(String name, JsonNode op, int parallelism) {
        Snapshot s = stores.savepoints(name).open(op.get("savepoint").asString());
        int max = s.manifest().maxParallelism();
        long[] real = new long[parallelism];
        List<String> keys = new SavepointReader(s).keys();
        keys.forEach(k -> real[KeyGroups.subtask(KeyGroups.keyGroup(k, max), max, parallelism)]++);
        JsonNode after = op.get("plan").get("after");
        assertThat(after).hasSize(parallelism);
        for (int i = 0; i < parallelism; i++) {
            assertThat(after.get(i).get("keys").asLong()).as("subtask %d", i).isEqualTo(real[i]);
        }
        assertThat(op.get("plan").get("keys").asLong()).isEqualTo(keys.size()).isPositive();
    }
}
