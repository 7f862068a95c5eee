package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import dev.tally.testing.CommittedRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What-if replays through the REST API against the real engine, Kafka and database: a replay of a known input with
 * a changed filter reports exactly the per-window differences computed by plain arithmetic over the input, against
 * production's Kafka results and against a replay of production's version (a file), identically over repeated
 * runs and parallelisms; refused requests change nothing and name the field.
 */
class ReplayEndToEndTests extends EndToEndSupport {

    private static final int EVENTS = 2400;

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    JdbcTemplate db;

    @Test
    void aChangedFilterReportsTheExpectedDifferencesAgainstProductionsKafkaResultsAtEveryParallelism() throws Exception {
        Api api = new Api(port);
        List<ReplayInput.Event> events = ReplayInput.events(EVENTS, 3, 7);
        ReplayInput.produce(kafka.bootstrapServers(), "replay-e2e-in", 3, events);
        String sinks = "sinks: [ { kind: kafka, topic: replay-e2e-out } ]\ncheckpoints: { interval: 200ms }";
        submit(api, ReplayInput.spec("replay-e2e", "replay-e2e-in", "kind == \"view\"", sinks));
        assertThat(api.post("/api/jobs/replay-e2e/deploy").status()).isEqualTo(200);
        List<ReplayInput.WindowExpectation> expected = ReplayInput.expected(events);
        long cells = expected.stream().mapToLong(w -> w.match() + w.differ() + w.onlyA()).sum();
        await().atMost(Duration.ofSeconds(60)).until(() -> CommittedRecords.read(kafka.bootstrapServers(),
                "replay-e2e-out").size() >= cells);
        submit(api, ReplayInput.spec("replay-e2e", "replay-e2e-in", "kind == \"view\" and v >= 5", sinks));

        List<JsonNode> reports = new ArrayList<>();
        for (int p : new int[] {1, 2, 4, 2}) {
            JsonNode done = runToEnd(api, "replay-e2e", "{\"version\":2,\"range\":{\"kind\":\"offsets\"},\"parallelism\":"
                    + p + "}");
            assertThat(done.get("baseline").asString()).contains("Kafka topic replay-e2e-out");
            assertThat(done.get("recordsRead").asLong()).isEqualTo(EVENTS + 3);
            assertThat(done.get("fraction").asDouble()).isEqualTo(1.0);
            reports.add(done.get("report"));
        }
        assertReportIs(reports.get(0), expected);
        reports.forEach(r -> assertThat(comparable(r)).isEqualTo(comparable(reports.get(0))));
        // the replay never wrote to production's topic: it holds production's results only, each from version 1
        assertThat(CommittedRecords.read(kafka.bootstrapServers(), "replay-e2e-out")).allSatisfy(r ->
                assertThat(new String(r.headers().lastHeader("tally.version").value())).isEqualTo("1"));
        assertThat(api.post("/api/jobs/replay-e2e/stop").status()).isEqualTo(200);
    }

    @Test
    void aFileReplayIsComparedWithAReplayOfProductionsVersionAndStaysReadable() throws Exception {
        Api api = new Api(port);
        List<ReplayInput.Event> events = ReplayInput.events(1500, 1, 11);
        ReplayInput.write(Path.of("target/replay-e2e/input.jsonl"), events);
        ReplayInput.produce(kafka.bootstrapServers(), "replay-file-in", 1, List.of());
        submit(api, ReplayInput.spec("replay-file", "replay-file-in", "kind == \"view\"", ""));
        submit(api, ReplayInput.spec("replay-file", "replay-file-in", "kind == \"view\" and v >= 5", ""));
        JsonNode done = runToEnd(api, "replay-file",
                "{\"version\":2,\"range\":{\"kind\":\"file\",\"file\":\"target/replay-e2e/input.jsonl\"}}");
        assertThat(done.get("baseline").asString()).contains("a replay of production's version 2");
        // production = the latest version here (never deployed): v2 against itself, all match
        assertThat(done.get("report").get("match").asLong()).isPositive();
        assertThat(done.get("report").get("differ").asLong()).isZero();
        JsonNode first = runToEnd(api, "replay-file",
                "{\"version\":1,\"range\":{\"kind\":\"file\",\"file\":\"target/replay-e2e/input.jsonl\"}}");
        assertThat(first.get("report").get("exactMatchRate").asDouble()).isLessThan(1.0);
        // v1 replayed against production's v2: A = v2 (views with v >= 5), B = v1 (all views)
        List<ReplayInput.WindowExpectation> expected = ReplayInput.expected(events);
        assertThat(first.get("report").get("onlyB").asLong()).isEqualTo(
                expected.stream().mapToLong(ReplayInput.WindowExpectation::onlyA).sum());
        // stored: readable from the database after the run, as the list shows it
        long id = first.get("id").asLong();
        assertThat(db.queryForObject("select count(*) from comparison_report where owner = ?", Long.class,
                "replay:" + id)).isEqualTo(1L);
        assertThat(api.get("/api/jobs/replay-file/replays").body().get(0).get("state").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/jobs/replay-file/replays/" + id + "/results?windows=2").body().size()).isPositive();
        assertThat(api.post("/api/jobs/replay-file/replays/" + id + "/cancel").status()).isEqualTo(409);
    }

    @Test
    void aCancelledReplayStopsAndKeepsNoReport() throws Exception {
        Api api = new Api(port);
        ReplayInput.write(Path.of("target/replay-e2e/big.jsonl"), ReplayInput.events(600_000, 1, 5));
        ReplayInput.produce(kafka.bootstrapServers(), "replay-cancel-in", 1, List.of());
        submit(api, ReplayInput.spec("replay-cancel", "replay-cancel-in", "kind == \"view\"", ""));
        Api.Response started = api.post("/api/jobs/replay-cancel/replays", "application/json",
                "{\"range\":{\"kind\":\"file\",\"file\":\"target/replay-e2e/big.jsonl\"}}");
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
        long id = started.body().get("id").asLong();
        Api.Response cancelled = api.post("/api/jobs/replay-cancel/replays/" + id + "/cancel");
        assertThat(cancelled.status()).as(String.valueOf(cancelled.body())).isEqualTo(200);
        assertThat(cancelled.body().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.body().get("fraction").asDouble()).isLessThan(1.0);
        assertThat(cancelled.body().get("report").isNull()).isTrue();
        assertThat(db.queryForObject("select count(*) from comparison_report where owner = ?", Long.class,
                "replay:" + id)).isZero();
        assertThat(db.queryForObject("select count(*) from audit_event where action = 'replayEnded' and target = ?",
                Long.class, "/api/jobs/replay-cancel/replays/" + id)).isEqualTo(1L);
    }

    @Test
    void refusedReplaysNameTheFieldAndChangeNothing() throws Exception {
        Api api = new Api(port);
        List<ReplayInput.Event> events = ReplayInput.events(30, 1, 3);
        ReplayInput.produce(kafka.bootstrapServers(), "replay-ref-in", 1, events.subList(0, 20));
        submit(api, ReplayInput.spec("replay-ref", "replay-ref-in", "kind == \"view\"",
                "checkpoints: { interval: 200ms }"));
        assertThat(api.post("/api/jobs/replay-ref/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/replay-ref/results").body().get("metrics").get("recordsIn").asLong() == 20);
        Api.Response taken = api.post("/api/jobs/replay-ref/savepoints", "application/json", "{}");
        assertThat(taken.status()).isEqualTo(201);
        String savepoint = taken.body().get("id").asString();
        ReplayInput.produce2(kafka.bootstrapServers(), "replay-ref-in", events.subList(20, 30));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition("replay-ref-in", 0), RecordsToDelete.beforeOffset(25)))
                    .all().get();
        }
        submit(api, """
                name: replay-ref
                source: { kind: kafka, topic: replay-ref-in }
                time: { mode: processing }
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count }, { name: v, kind: sum, field: v } ]
                """);
        long replays = count();
        refused(api, "{\"version\":1}", "/range/kind", "required");
        refused(api, "{\"version\":1,\"range\":{\"kind\":\"everything\"}}", "/range/kind", "must be offsets");
        refused(api, "{\"version\":1,\"range\":{\"kind\":\"offsets\",\"startOffsets\":{\"0\":3}}}",
                "/range/startOffsets/0", "outside topic replay-ref-in's retention: the earliest offset is 25");
        refused(api, "{\"version\":1,\"range\":{\"kind\":\"offsets\",\"endOffsets\":{\"0\":999}}}",
                "/range/endOffsets/0", "beyond the end");
        refused(api, "{\"version\":1,\"range\":{\"kind\":\"offsets\",\"startOffsets\":{\"4\":0}}}",
                "/range/startOffsets/4", "no partition 4");
        refused(api, "{\"version\":1,\"savepoint\":\"" + savepoint + "\",\"range\":{\"kind\":\"offsets\"}}",
                "/savepoint", "not replayable");
        refused(api, "{\"version\":1,\"savepoint\":\"nope\",\"range\":{\"kind\":\"offsets\"}}", "/savepoint",
                "no savepoint nope");
        refused(api, "{\"version\":2,\"range\":{\"kind\":\"offsets\"}}", "/version", "not repeatable");
        refused(api, "{\"version\":7,\"range\":{\"kind\":\"offsets\"}}", "/version", "no version 7");
        refused(api, "{\"version\":1,\"parallelism\":0,\"range\":{\"kind\":\"offsets\"}}", "/parallelism", "between");
        refused(api, "{\"version\":1,\"range\":{\"kind\":\"event-time\",\"fromTime\":5}}", "/range/toTime",
                "required");
        refused(api, "{\"version\":1,\"range\":{\"kind\":\"file\",\"file\":\"../secret.jsonl\"}}", "/range/file",
                "");
        assertThat(count()).isEqualTo(replays);
        // each refusal is in the audit log, as REFUSED
        assertThat(db.queryForObject("select count(*) from audit_event where outcome = 'REFUSED' and target ="
                + " '/api/jobs/replay-ref/replays'", Long.class)).isEqualTo(12L);
        assertThat(api.post("/api/jobs/replay-ref/stop").status()).isEqualTo(200);
    }

    private long count() {
        return db.queryForObject("select count(*) from replay", Long.class);
    }

    private static void refused(Api api, String body, String pointer, String message) {
        Api.Response r = api.post("/api/jobs/replay-ref/replays", "application/json", body);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("errors").get(0).get("pointer").asString()).as(String.valueOf(r.body()))
                .isEqualTo(pointer);
        assertThat(r.body().get("detail").asString()).contains(message);
    }

    private static void submit(Api api, String spec) {
        Api.Response r = api.post("/api/jobs", "application/yaml", spec);
        assertThat(r.status()).as(String.valueOf(r.body())).isIn(200, 201);
    }

    /** Starts a replay and waits for it to succeed; returns its detail (with the report). */
    static JsonNode runToEnd(Api api, String job, String body) {
        Api.Response started = api.post("/api/jobs/" + job + "/replays", "application/json", body);
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
        long id = started.body().get("id").asLong();
        String path = "/api/jobs/" + job + "/replays/" + id;
        await().atMost(Duration.ofSeconds(60)).until(() -> !api.get(path).body().get("state").asString()
                .equals("RUNNING"));
        JsonNode done = api.get(path).body();
        assertThat(done.get("state").asString()).as(String.valueOf(done)).isEqualTo("SUCCEEDED");
        return done;
    }

    /** The report's deterministic content: counts, deviations, per-window summaries, top deviations. */
    private static String comparable(JsonNode report) {
        List<Double> top = new ArrayList<>();
        report.get("topDifferences").forEach(d -> top.add(d.get("absDeviation").asDouble()));
        return report.get("match") + " " + report.get("differ") + " " + report.get("onlyA") + " " + report.get("onlyB")
                + " " + report.get("maxAbsDeviation") + " " + report.get("p99AbsDeviation") + " " + top + " "
                + report.get("windows");
    }

    private static void assertReportIs(JsonNode report, List<ReplayInput.WindowExpectation> expected) {
        List<ReplayInput.WindowExpectation> actual = new ArrayList<>();
        report.get("windows").forEach(w -> actual.add(new ReplayInput.WindowExpectation(w.get("start").asLong(),
                w.get("match").asLong(), w.get("differ").asLong(), w.get("onlyA").asLong(), w.get("onlyB").asLong(),
                (long) w.get("totalA").asDouble(), (long) w.get("totalB").asDouble())));
        assertThat(actual).isEqualTo(expected);
        assertThat(report.get("onlyB").asLong()).isZero();
        assertThat(report.get("differ").asLong()).isPositive();
        assertThat(report.get("openWindows").asLong()).isZero();
    }
}
