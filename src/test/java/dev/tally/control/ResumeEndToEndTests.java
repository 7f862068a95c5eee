package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.tally.control.system.KafkaConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A deployment whose run dies is restarted by the service from its latest checkpoint, with its state. */
class ResumeEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    DeploymentService deployments;

    @Autowired
    SnapshotStores stores;

    @Test
    void resumesAFailedRunFromItsLatestCheckpointWithItsState() throws Exception {
        Api api = new Api(port);
        KnownEvents.produce(kafka.bootstrapServers(), "e2e-resume");
        String spec = KnownEvents.spec("e2e-resume", "e2e-resume") + "checkpoints: { interval: 100ms }\n";
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-resume/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/e2e-resume/results").body().get("checkpoints").get("completed").asInt() > 1);

        // the run dies behind the deployment's back (its desired state stays RUNNING): the service restarts it
        deployments.running("e2e-resume").orElseThrow().stop(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode r = api.get("/api/jobs/e2e-resume/results").body();
            assertThat(r.get("checkpoints").get("restoredFrom").isString()).isTrue();
            assertThat(r.get("watermark").asLong()).isGreaterThanOrEqualTo(KnownEvents.T0 + 20_000);
        });
        // the restored run does not read again what the checkpoint covered, and its figures are the whole job's
        JsonNode metrics = api.get("/api/jobs/e2e-resume/results").body().get("metrics");
        assertThat(metrics.get("recordsIn").asLong()).isEqualTo(KnownEvents.RECORDS);
        assertThat(metrics.get("recordsFiltered").asLong()).isEqualTo(KnownEvents.FILTERED);
        assertThat(metrics.get("deadLetters").asLong()).isEqualTo(KnownEvents.DEAD_LETTERS);
        assertThat(api.post("/api/jobs/e2e-resume/stop").status()).isEqualTo(200);
    }

    /** Issue #11, part 1: a died run whose checkpoints include an unreadable one is not resumed in silence. */
    @Test
    void aDiedRunWithAnUnreadableCheckpointFailsSayingWhyUntilTheUserChoosesOne() throws Exception {
        Api api = new Api(port);
        KnownEvents.produce(kafka.bootstrapServers(), "e2e-damaged");
        String spec = KnownEvents.spec("e2e-damaged", "e2e-damaged") + "checkpoints: { interval: 300ms, retain: 3 }\n";
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-damaged/resume").status()).as("never deployed").isEqualTo(409);
        assertThat(api.post("/api/jobs/e2e-damaged/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/e2e-damaged/results").body().get("checkpoints").get("completed").asInt() > 2);
        assertThat(api.post("/api/jobs/e2e-damaged/resume").status()).as("running").isEqualTo(409);

        SnapshotStore store = stores.checkpointFiles("e2e-damaged"); // the files themselves
        Path root = ((FileSnapshotStore) store).root();
        List<SnapshotStore.Stored> stored = store.list();
        String damaged = stored.get(stored.size() - 1).id();
        Files.write(root.resolve(damaged).resolve("manifest.json"), new byte[0]);
        deployments.running("e2e-damaged").orElseThrow().stop(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode d = api.get("/api/jobs/e2e-damaged").body().get("deployment");
            assertThat(d.get("status").asString()).isEqualTo("FAILED");
            assertThat(d.get("lastError").asString()).contains("refusing to resume", damaged, "manifest.json is empty");
        });
        assertThat(root.resolve(damaged).resolve("manifest.json")).as("left untouched").isEmptyFile();
        JsonNode refusal = api.get("/api/audit?principal=system&action=restart&target=/api/jobs/e2e-damaged").body()
                .get("items").get(0);
        assertThat(refusal.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refusal.get("detail").asString()).contains("refusing to resume", damaged);
        Api.Response refused = api.post("/api/jobs/e2e-damaged/resume");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains(damaged);

        String older = store.list().get(store.list().size() - 1).id();
        assertThat(api.post("/api/jobs/e2e-damaged/resume?checkpoint=" + older).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode r = api.get("/api/jobs/e2e-damaged/results").body();
            assertThat(r.get("checkpoints").get("restoredFrom").asString()).isEqualTo(older);
        });
        assertThat(root.resolve(".quarantined-" + damaged)).isDirectory();
        assertThat(api.post("/api/jobs/e2e-damaged/stop").status()).isEqualTo(200);
    }
}
