package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.SnapshotStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Issue #15, health: the liveness and readiness probes, the readiness group's components (engine, Kafka,
 * storage, database), an anonymous caller seeing components but no details, and readiness going DOWN (503) while
 * a deployment has failed, naming it, and UP again once it runs; the dashboard's header showing both (browser, unless
 * the frontend build is skipped).
 */
class HealthEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    DeploymentService deployments;

    @Autowired
    SnapshotStores stores;

    @Autowired
    @Qualifier("engineHealthIndicator")
    HealthIndicator engine;

    @Autowired
    @Qualifier("kafkaHealthIndicator")
    HealthIndicator kafkaHealth;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void probesAnswerWithComponentsButNoDetailsForAnAnonymousCaller() {
        Api anonymous = new Api(port, null);
        Api.Response live = anonymous.get("/actuator/health/liveness");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().get("status").asString()).isEqualTo("UP");

        Api.Response ready = anonymous.get("/actuator/health/readiness");
        assertThat(ready.status()).as(String.valueOf(ready.body())).isEqualTo(200);
        JsonNode components = ready.body().get("components");
        assertThat(components.propertyNames()).containsExactlyInAnyOrder("readinessState", "db", "engine", "kafka",
                "storage");
        for (String c : components.propertyNames()) {
            assertThat(components.get(c).get("status").asString()).as(c).isEqualTo("UP");
            assertThat(components.get(c).has("details")).as(c + " details hidden").isFalse();
        }
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        JsonNode signedIn = api.get("/actuator/health/readiness").body().get("components");
        assertThat(signedIn.get("storage").has("details")).as("details for a signed-in caller").isTrue();
        assertThat(api.get("/actuator/metrics").status()).as("not exposed").isEqualTo(404);
        assertThat(api.get("/actuator/env").status()).as("not exposed").isEqualTo(404);

        Map<String, Object> details = kafkaHealth.health().getDetails();
        assertThat(details.get("brokers")).isEqualTo(1);
        assertThat(details.get("bootstrapServers")).isEqualTo(kafka.bootstrapServers());
    }

    @Test
    void readinessIsDownWhileADeploymentHasFailedNamingItAndUpOnceItRunsAgain() throws Exception {
        String job = "health-failed";
        assertThat(api.get("/actuator/health/readiness").status()).as("ready before").isEqualTo(200);
        KnownEvents.produce(kafka.bootstrapServers(), job);
        String spec = KnownEvents.spec(job, job) + "checkpoints: { interval: 300ms, retain: 3 }\n";
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs/" + job + "/results").body()
                .get("checkpoints").get("completed").asInt() > 2);

        // the newest checkpoint is damaged and the run dies: the service refuses to resume it in silence
        SnapshotStore store = stores.checkpointFiles(job);
        List<SnapshotStore.Stored> stored = store.list();
        String damaged = stored.get(stored.size() - 1).id();
        Files.write(((FileSnapshotStore) store).root().resolve(damaged).resolve("manifest.json"), new byte[0]);
        deployments.running(job).orElseThrow().stop(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/health/readiness").status() == 503);
        JsonNode ready = api.get("/actuator/health/readiness").body();
        assertThat(ready.get("status").asString()).isEqualTo("DOWN");
        assertThat(ready.get("components").get("engine").get("status").asString()).isEqualTo("DOWN");
        assertThat(ready.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness").status()).as("alive all along").isEqualTo(200);
        assertThat(engine.health().getStatus()).isEqualTo(Status.DOWN);
        @SuppressWarnings("unchecked")
        Map<String, String> failed = (Map<String, String>) engine.health().getDetails().get("failed");
        assertThat(failed).containsOnlyKeys(job);
        assertThat(failed.get(job)).contains("refusing to resume", damaged);
        assertThat(Prometheus.scrape(api).labelled("job", job)).as("the died run's meters").isEmpty();

        Api.Response dashboard = api.get("/actuator/health/dashboard");
        assertThat(dashboard.status()).as("the dashboard's group answers 200").isEqualTo(200);
        assertThat(dashboard.body().get("status").asString()).isEqualTo("DOWN");
        assertThat(dashboard.body().get("components").get("engine").get("status").asString()).isEqualTo("DOWN");

        String older = store.list().get(store.list().size() - 1).id();
        if (Boolean.getBoolean("tally.frontend.skipped")) {
            assertThat(api.post("/api/jobs/" + job + "/resume?checkpoint=" + older).status()).isEqualTo(200);
        } else { // the overview's header says "not ready: engine", the script resumes the job, then it says "ready"
            assertThat(BrowserScript.run(port, "health", Map.of("TALLY_JOB", job, "TALLY_READABLE", older)))
                    .contains("health e2e: ok");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/health/readiness").status() == 200);
        assertThat(engine.health().getStatus()).isEqualTo(Status.UP);
        assertThat(Prometheus.scrape(api).value("tally_records_in_total", "job", job)).isEqualTo(KnownEvents.RECORDS);
        assertThat(Prometheus.scrape(api).value("tally_restore_duration_seconds_count", "job", job)).isEqualTo(1);
        assertThat(api.post("/api/jobs/" + job + "/stop").status()).isEqualTo(200);
    }
}
