package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tally.control.catalog.SavepointCatalog;
import dev.tally.control.catalog.SavepointDependents;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.system.KafkaConnection;
import dev.tally.control.system.TallyProperties;
import dev.tally.engine.snapshot.SnapshotException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The savepoint catalog through the REST API against the real engine and Kafka: registration on take, pin, delete
 * (files first, then the row; refused when pinned, changing nothing), retention, periodic savepoints,
 * reconciliation with the storage directory, replayability against Kafka's earliest offsets, and bad input.
 */
class SavepointCatalogEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    TallyProperties props;

    @Autowired
    SavepointCatalog catalog;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    DeploymentService deployments;

    @Autowired
    JdbcTemplate db;

    /** What the test's {@link SavepointDependents} says is needed: "job/id" to why. */
    private static final Map<String, String> NEEDED = new ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registersOnTakePinsDeletesAndKeepsPinnedAndNewestOnRetention() throws Exception {
        Api api = new Api(port);
        deployRunning(api, "cat-a");
        String first = take(api, "cat-a");
        JsonNode row = api.get("/api/jobs/cat-a/savepoints").body().get(0);
        assertThat(row.get("id").asString()).isEqualTo(first);
        assertThat(row.get("trigger").asString()).isEqualTo("MANUAL");
        assertThat(row.get("status").asString()).isEqualTo("VERIFIED");
        assertThat(row.get("pinned").asBoolean()).isFalse();
        assertThat(row.get("replayable").asBoolean()).isTrue();
        assertThat(row.get("deploymentId").isNumber()).isTrue();
        assertThat(row.get("jobVersion").asInt()).isEqualTo(1);
        assertThat(row.get("offsets").size()).isEqualTo(KnownEvents.PARTITIONS);
        assertThat(row.get("offsets").get(0).has("position")).isTrue();
        for (String field : List.of("createdAt", "checkpointId", "watermark", "entries", "bytes", "parallelism",
                "maxParallelism")) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        List<String> ids = new ArrayList<>(List.of(first, take(api, "cat-a"), take(api, "cat-a"), take(api, "cat-a")));
        assertThat(directory("cat-a")).isEqualTo(new TreeSet<>(ids));

        assertThat(send("PUT", "/api/jobs/cat-a/savepoints/" + first + "/pin", null).status()).isEqualTo(200);
        assertThat(send("DELETE", "/api/jobs/cat-a/savepoints/" + ids.get(1), null).status()).isEqualTo(204);
        assertThat(directory("cat-a")).as("files gone with the row, nothing else").isEqualTo(rows(api, "cat-a"))
                .doesNotContain(ids.get(1)).hasSize(3);

        JsonNode before = api.get("/api/jobs/cat-a/savepoints").body();
        Set<String> filesBefore = directory("cat-a");
        Api.Response refused = send("DELETE", "/api/jobs/cat-a/savepoints/" + first, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains(first).contains("pinned");
        assertThat(api.get("/api/jobs/cat-a/savepoints").body()).as("refused: rows unchanged").isEqualTo(before);
        assertThat(directory("cat-a")).as("refused: files unchanged").isEqualTo(filesBefore);

        Api.Response unpinned = send("DELETE", "/api/jobs/cat-a/savepoints/" + first + "/pin", null);
        assertThat(unpinned.body().get("pinned").asBoolean()).isFalse();
        assertThat(send("PUT", "/api/jobs/cat-a/savepoints/" + first + "/pin", null).body().get("pinned").asBoolean())
                .isTrue();

        Api.Response settings = send("PUT", "/api/jobs/cat-a/savepoint-settings", "{\"keep\": 1, \"maxAge\": \"7d\"}");
        assertThat(settings.status()).as(String.valueOf(settings.body())).isEqualTo(200);
        assertThat(settings.body().get("maxAge").asString()).isEqualTo("7d");
        assertThat(rows(api, "cat-a")).as("the newest and the pinned one").containsExactlyInAnyOrder(ids.get(3), first);
        assertThat(directory("cat-a")).isEqualTo(rows(api, "cat-a"));
        String fifth = take(api, "cat-a");
        assertThat(rows(api, "cat-a")).as("retention after every savepoint").containsExactlyInAnyOrder(fifth, first);
        assertThat(directory("cat-a")).isEqualTo(rows(api, "cat-a"));
        assertThat(api.get("/api/audit?action=retention&target=/api/jobs/cat-a/").body().get("total").asInt())
                .isEqualTo(2);
        assertThat(api.get("/api/savepoints?job=cat-a").body().size()).isEqualTo(2);
        assertThat(catalog.latestOf(row.get("deploymentId").asLong()).orElseThrow().getSnapshotId())
                .as("what resuming the deployment restores").isEqualTo(fifth);
        assertThat(api.post("/api/jobs/cat-a/stop").status()).isEqualTo(200);
    }

    @Test
    void neverDeletesASavepointThatADependentNeeds() throws Exception {
        if (!context.getBeanFactory().containsSingleton("catalogTestDependents")) { // as the deployment feature's bean
            SavepointDependents needs = (job, id) -> Optional.ofNullable(NEEDED.get(job + "/" + id));
            context.getBeanFactory().registerSingleton("catalogTestDependents", needs);
        }
        Map<String, String> needed = NEEDED;
        Api api = new Api(port);
        deployRunning(api, "cat-d");
        String rollbackPoint = take(api, "cat-d");
        take(api, "cat-d");
        String newest = take(api, "cat-d");
        needed.put("cat-d/" + rollbackPoint, "deployment 7 started from it (its rollback point)");

        JsonNode before = api.get("/api/jobs/cat-d/savepoints").body();
        Set<String> filesBefore = directory("cat-d");
        Api.Response refused = send("DELETE", "/api/jobs/cat-d/savepoints/" + rollbackPoint, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("deployment 7 started from it");
        assertThat(api.get("/api/jobs/cat-d/savepoints").body()).isEqualTo(before);
        assertThat(directory("cat-d")).isEqualTo(filesBefore);

        assertThat(send("PUT", "/api/jobs/cat-d/savepoint-settings", "{\"keep\": 1}").status()).isEqualTo(200);
        assertThat(rows(api, "cat-d")).containsExactlyInAnyOrder(newest, rollbackPoint);
        needed.clear();
        assertThat(send("DELETE", "/api/jobs/cat-d/savepoints/" + rollbackPoint, null).status()).isEqualTo(204);
        assertThat(directory("cat-d")).isEqualTo(rows(api, "cat-d")).containsExactly(newest);
        assertThat(api.post("/api/jobs/cat-d/stop").status()).isEqualTo(200);
    }

    @Test
    void refusesBadInputNamingTheFieldAndUnknownIdsWith404() throws Exception {
        Api api = new Api(port);
        assertThat(api.post("/api/jobs", "application/yaml", KnownEvents.spec("cat-bad", "cat-bad")).status())
                .isEqualTo(201);
        JsonNode defaults = api.get("/api/jobs/cat-bad/savepoint-settings").body();
        assertThat(defaults.get("keep").asInt()).isEqualTo(10);
        assertThat(defaults.get("maxAge").isNull()).isTrue();
        assertThat(defaults.get("periodicInterval").isNull()).isTrue();

        Map<String, String> bad = Map.of("{\"keep\": 0}", "keep:", "{\"keep\": \"many\"}", "keep:", "{}", "keep:",
                "{\"keep\": 3, \"maxAge\": \"soon\"}", "maxAge:", "{\"keep\": 3, \"periodicInterval\": \"10ms\"}",
                "periodicInterval:", "[1,", "body:");
        bad.forEach((body, field) -> {
            Api.Response r = send("PUT", "/api/jobs/cat-bad/savepoint-settings", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body().get("detail").asString()).as(body).startsWith(field);
            String name = field.substring(0, field.length() - 1);
            assertThat(r.body().get("errors").get(0).get("field").asString()).as(body).isEqualTo(name);
            assertThat(r.body().get("errors").get(0).get("pointer").asString()).as(body)
                    .isEqualTo(name.equals("body") ? "" : "/" + name);
        });
        assertThat(api.get("/api/jobs/cat-bad/savepoint-settings").body()).as("refused: unchanged").isEqualTo(defaults);
        Api.Response status = api.get("/api/savepoints?status=maybe");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.body().get("detail").asString()).startsWith("status:");
        assertThat(status.body().get("errors").get(0).get("field").asString()).isEqualTo("status");

        String unknown = "0123456789abcdef0123456789abcdef";
        assertThat(api.get("/api/jobs/cat-missing/savepoints").status()).isEqualTo(404);
        assertThat(api.get("/api/jobs/cat-missing/savepoint-settings").status()).isEqualTo(404);
        assertThat(send("PUT", "/api/jobs/cat-missing/savepoint-settings", "{\"keep\": 3}").status()).isEqualTo(404);
        assertThat(send("PUT", "/api/jobs/cat-bad/savepoints/" + unknown + "/pin", null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/jobs/cat-bad/savepoints/" + unknown + "/pin", null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/jobs/cat-bad/savepoints/" + unknown, null).status()).isEqualTo(404);
        assertThat(api.post("/api/jobs/cat-bad/savepoints/" + unknown + "/check").status()).isEqualTo(404);
        assertThatThrownBy(() -> catalog.requireReplayable("cat-bad", unknown)).hasMessageContaining(unknown);

        String openapi = api.get("/api/openapi").body().get("paths").toString();
        assertThat(openapi).contains("/api/savepoints", "/api/jobs/{name}/savepoints/{id}/pin",
                "/api/jobs/{name}/savepoint-settings", "/api/jobs/{name}/savepoints/{id}/check");
    }

    @Test
    void takesPeriodicSavepointsOfARunningDeployment() throws Exception {
        Api api = new Api(port);
        deployRunning(api, "cat-p");
        assertThat(send("PUT", "/api/jobs/cat-p/savepoint-settings", "{\"keep\": 3, \"periodicInterval\": \"1s\"}")
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> periodic(api, "cat-p") >= 2);
        assertThat(send("PUT", "/api/jobs/cat-p/savepoint-settings", "{\"keep\": 3}").status()).isEqualTo(200);
        assertThat(api.post("/api/jobs/cat-p/stop").status()).isEqualTo(200);
        assertThat(rows(api, "cat-p")).hasSizeLessThanOrEqualTo(3);
        assertThat(directory("cat-p")).isEqualTo(rows(api, "cat-p"));
    }

    @Test
    void reconcilesWithStorageImportingUnknownMarkingDamagedAndMissing() throws Exception {
        Api api = new Api(port);
        deployRunning(api, "cat-r");
        String kept = take(api, "cat-r");
        String gone = take(api, "cat-r");
        String unknown = take(api, "cat-r");
        assertThat(api.post("/api/jobs/cat-r/stop").status()).isEqualTo(200);
        Path dir = props.dataPath().resolve("savepoints").resolve("cat-r");
        Path aside = Files.createTempDirectory(Path.of("target"), "aside-");
        // a directory the catalog has no row for: its row deleted while its files were elsewhere
        Files.move(dir.resolve(unknown), aside.resolve(unknown));
        assertThat(send("DELETE", "/api/jobs/cat-r/savepoints/" + unknown, null).status()).isEqualTo(204);
        Files.move(aside.resolve(unknown), dir.resolve(unknown));
        Files.move(dir.resolve(gone), aside.resolve(gone));
        String damaged = "00112233445566778899aabbccddeeff";
        Files.createDirectories(dir.resolve(damaged));
        Files.writeString(dir.resolve(damaged).resolve("manifest.json"), "{ not json");

        JsonNode report = api.post("/api/savepoints/reconcile").body();
        assertThat(report.get("imported").toString()).contains("cat-r/" + unknown);
        assertThat(report.get("corrupt").toString()).contains("cat-r/" + damaged);
        assertThat(report.get("missing").toString()).contains("cat-r/" + gone);

        JsonNode imported = row(api, "cat-r", unknown);
        assertThat(imported.get("trigger").asString()).isEqualTo("IMPORTED");
        assertThat(imported.get("status").asString()).isEqualTo("VERIFIED");
        JsonNode corrupt = api.get("/api/savepoints?job=cat-r&status=corrupt").body();
        assertThat(corrupt.size()).isEqualTo(1);
        assertThat(corrupt.get(0).get("id").asString()).isEqualTo(damaged);
        assertThat(corrupt.get(0).get("problem").asString()).contains("manifest.json");
        JsonNode missing = row(api, "cat-r", gone);
        assertThat(missing.get("status").asString()).isEqualTo("MISSING");
        assertThat(row(api, "cat-r", kept).get("status").asString()).isEqualTo("VERIFIED");
        assertThatThrownBy(() -> catalog.requireReplayable("cat-r", gone)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("MISSING");

        assertThat(send("PUT", "/api/jobs/cat-r/savepoint-settings", "{\"keep\": 1}").status()).isEqualTo(200);
        assertThat(rows(api, "cat-r")).as("retention leaves imported ones to the user and counts only its own")
                .contains(unknown, kept);

        JsonNode again = api.post("/api/savepoints/reconcile").body();
        assertThat(again.get("imported").toString()).doesNotContain("cat-r/");
        assertThat(again.get("corrupt").toString()).doesNotContain("cat-r/");

        Path dataFile;
        try (Stream<Path> files = Files.list(dir.resolve(kept))) {
            dataFile = files.filter(f -> !f.getFileName().toString().equals("manifest.json")).findFirst().orElseThrow();
        }
        Files.write(dataFile, new byte[] {42}, java.nio.file.StandardOpenOption.APPEND);
        JsonNode checked = send("POST", "/api/jobs/cat-r/savepoints/" + kept + "/check", null).body();
        assertThat(checked.get("status").asString()).isEqualTo("CORRUPT");
        assertThat(checked.get("problem").asString()).contains("data file " + dataFile.getFileName())
                .contains("the manifest says");

        assertThat(send("DELETE", "/api/jobs/cat-r/savepoints/" + damaged, null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/api/jobs/cat-r/savepoints/" + gone, null).status()).isEqualTo(204);
        assertThat(directory("cat-r")).isEqualTo(rows(api, "cat-r")).containsExactlyInAnyOrder(kept, unknown);
    }

    @Test
    void marksASavepointWhoseOffsetsWereDeletedNotReplayableAndRefusesIt() throws Exception {
        Api api = new Api(port);
        deployRunning(api, "cat-k");
        Api.Response suspended = api.post("/api/jobs/cat-k/savepoints", "application/json", "{\"stop\": true}");
        assertThat(suspended.status()).isEqualTo(201);
        String id = suspended.body().get("id").asString();
        assertThat(row(api, "cat-k", id).get("trigger").asString()).isEqualTo("SUSPEND");
        catalog.requireReplayable("cat-k", id);
        JsonNode offsets = row(api, "cat-k", id).get("offsets");
        long saved = offsets.get(0).get("position").asLong();
        assertThat(saved).isPositive();

        TopicPartition p0 = new TopicPartition("cat-k", offsets.get(0).get("partition").asInt());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long end = admin.listOffsets(Map.of(p0, OffsetSpec.latest())).all().get().get(p0).offset();
            assertThat(end).isEqualTo(saved);
            admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(end))).all().get();
        }
        // the log start offset is now the saved one: still replayable (nothing after it is lost)
        assertThat(api.post("/api/jobs/cat-k/savepoints/" + id + "/check").body().get("replayable").asBoolean())
                .isTrue();
        long start = saved;
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("cat-k", p0.partition(), null,
                        "{}".getBytes())).get();
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(start + 2))).all().get();
        }

        JsonNode checked = send("POST", "/api/jobs/cat-k/savepoints/" + id + "/check", null).body();
        assertThat(checked.get("replayable").asBoolean()).isFalse();
        String expected = "partition " + p0.partition() + " of topic cat-k: saved offset " + saved
                + ", earliest offset " + (start + 2);
        assertThat(checked.get("replayProblem").asString()).contains(expected);
        assertThat(row(api, "cat-k", id).get("replayable").asBoolean()).isFalse();
        assertThatThrownBy(() -> catalog.requireReplayable("cat-k", id)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not replayable").hasMessageContaining(expected);
    }

    @Test
    void followsTheEngineRetainedCheckpointsWithoutMissingRowsOrOrphans() throws Exception {
        Api api = new Api(port);
        String job = "cat-cp";
        KnownEvents.produce(kafka.bootstrapServers(), job);
        // checkpoints only when the test asks (the interval never elapses), the engine keeps the newest 2
        String spec = KnownEvents.spec(job, job)
                + "checkpoints: { interval: 10m, retain: 2, transactionTimeout: 11m }\n";
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/" + job + "/results").body().get("results").size() == 4);
        var run = deployments.running(job).orElseThrow();
        String c1 = run.checkpoint().get(30, TimeUnit.SECONDS);
        String c2 = run.checkpoint().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpointRows(api, job).equals(Set.of(c1, c2)));
        assertThat(checkpointDirectory(job)).isEqualTo(Set.of(c1, c2));

        JsonNode row = api.get("/api/jobs/" + job + "/savepoints?kind=checkpoint").body().get(0);
        assertThat(row.get("id").asString()).as("newest first").isEqualTo(c2);
        assertThat(row.get("kind").asString()).isEqualTo("CHECKPOINT");
        assertThat(row.get("trigger").asString()).isEqualTo("CHECKPOINT");
        assertThat(row.get("status").asString()).isEqualTo("VERIFIED");
        assertThat(row.get("jobVersion").asInt()).isEqualTo(1);
        assertThat(row.get("deploymentId").isNumber()).isTrue();
        assertThat(row.get("offsets").size()).isEqualTo(KnownEvents.PARTITIONS);
        assertThat(row.get("entries").asLong()).isPositive();
        assertThat(row.get("bytes").asLong()).isPositive();
        assertThat(row.get("checkpointId").asLong()).isGreaterThan(
                api.get("/api/jobs/" + job + "/savepoints?kind=checkpoint").body().get(1).get("checkpointId").asLong());
        assertThat(api.get("/api/jobs/" + job + "/savepoints").body().size()).as("the default kind: savepoints")
                .isZero();
        String savepoint = take(api, job);
        assertThat(api.get("/api/jobs/" + job + "/savepoints?kind=all").body().valueStream()
                .map(r -> r.get("kind").asString()).toList()).containsExactly("SAVEPOINT", "CHECKPOINT", "CHECKPOINT");
        assertThat(api.get("/api/savepoints?job=" + job + "&kind=checkpoint").body().size()).isEqualTo(2);
        Api.Response badKind = api.get("/api/savepoints?kind=snapshots");
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.body().get("errors").get(0).get("field").asString()).isEqualTo("kind");

        // the engine subsumes c1: its row goes with it, never MISSING
        String c3 = run.checkpoint().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpointRows(api, job).equals(Set.of(c2, c3)));
        assertThat(checkpointDirectory(job)).isEqualTo(Set.of(c2, c3));
        assertThat(api.get("/api/savepoints?kind=all&status=MISSING&job=" + job).body().size()).isZero();

        // the newest is what the running deployment recovers from: not deleted, nothing changes
        JsonNode before = api.get("/api/jobs/" + job + "/savepoints?kind=all").body();
        Api.Response refused = send("DELETE", "/api/jobs/" + job + "/savepoints/" + c3, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("latest retained checkpoint");
        Api.Response pin = send("PUT", "/api/jobs/" + job + "/savepoints/" + c3 + "/pin", null);
        assertThat(pin.status()).isEqualTo(409);
        assertThat(pin.body().get("detail").asString()).contains("take a savepoint");
        assertThat(api.get("/api/jobs/" + job + "/savepoints?kind=all").body()).isEqualTo(before);
        assertThat(checkpointDirectory(job)).isEqualTo(Set.of(c2, c3));
        assertThat(send("DELETE", "/api/jobs/" + job + "/savepoints/" + c2, null).status()).isEqualTo(204);
        assertThat(checkpointDirectory(job)).isEqualTo(checkpointRows(api, job)).containsExactly(c3);

        // a row lost (say the service died before registering) comes back with reconciliation
        db.update("delete from savepoint_catalog where snapshot_id = ?", c3);
        assertThat(checkpointRows(api, job)).isEmpty();
        assertThat(api.post("/api/savepoints/reconcile").status()).isEqualTo(200);
        assertThat(checkpointRows(api, job)).containsExactly(c3);
        assertThat(api.get("/api/savepoints?job=" + job).body().get(0).get("id").asString())
                .as("savepoints untouched").isEqualTo(savepoint);

        // stopping clears the checkpoints, files and rows
        assertThat(api.post("/api/jobs/" + job + "/stop").status()).isEqualTo(200);
        assertThat(checkpointRows(api, job)).isEmpty();
        assertThat(checkpointDirectory(job)).isEmpty();
    }

    // --- helpers ---

    private void deployRunning(Api api, String job) throws Exception {
        KnownEvents.produce(kafka.bootstrapServers(), job);
        String spec = KnownEvents.spec(job, job) + "checkpoints: { interval: 200ms }\n";
        Api.Response submitted = api.post("/api/jobs", "application/yaml", spec);
        assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
        assertThat(api.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/" + job + "/results").body().get("results").size() == 4);
    }

    private static String take(Api api, String job) {
        Api.Response taken = api.post("/api/jobs/" + job + "/savepoints", "application/json", "{}");
        assertThat(taken.status()).as(String.valueOf(taken.body())).isEqualTo(201);
        return taken.body().get("id").asString();
    }

    private static int periodic(Api api, String job) {
        int n = 0;
        for (JsonNode r : api.get("/api/jobs/" + job + "/savepoints").body()) {
            n += r.get("trigger").asString().equals("PERIODIC") ? 1 : 0;
        }
        return n;
    }

    private static JsonNode row(Api api, String job, String id) {
        for (JsonNode r : api.get("/api/jobs/" + job + "/savepoints").body()) {
            if (r.get("id").asString().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no row " + id + " in the catalog of " + job);
    }

    /** Ids of the job's rows in the catalog. */
    private static Set<String> rows(Api api, String job) {
        Set<String> ids = new TreeSet<>();
        api.get("/api/jobs/" + job + "/savepoints").body().forEach(r -> ids.add(r.get("id").asString()));
        return ids;
    }

    /** Ids of the job's retained checkpoints in the catalog. */
    private static Set<String> checkpointRows(Api api, String job) {
        Set<String> ids = new TreeSet<>();
        api.get("/api/jobs/" + job + "/savepoints?kind=checkpoint").body()
                .forEach(r -> ids.add(r.get("id").asString()));
        return ids;
    }

    /** Every entry of the job's checkpoint directory, temporary and hidden ones included. */
    private Set<String> checkpointDirectory(String job) throws Exception {
        Path dir = props.dataPath().resolve("state").resolve(job).resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Every entry of the job's savepoint directory, temporary and hidden ones included. */
    private Set<String> directory(String job) throws Exception {
        try (Stream<Path> s = Files.list(props.dataPath().resolve("savepoints").resolve(job))) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private Api.Response send(String method, String path, String json) {
        return new Api(port).send(method, path, json);
    }
}
