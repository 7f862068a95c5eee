package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import dev.tally.testing.CommittedRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Flink runner end to end, through the control plane's REST API against a real Flink cluster in this JVM
 * (the service's own, {@code tally.flink.embedded=true}) and the embedded Kafka broker, with flink-job's shaded
 * jar uploaded over Flink's REST API: deploy a spec to Flink and read its results from the output topic
 * (read_committed), take a savepoint, upgrade to a compatible version from a savepoint, rescale 2→1, stop with
 * savepoint; the catalog has each savepoint with engine flink, Flink version, jar hash and lineage; restoring a
 * savepoint on the other engine (both ways) and deploying a spec Flink cannot run are refused and change nothing;
 * the dashboard's Flink panel, catalog badge and compatibility report in Chromium.
 * A failsafe IT: it needs the jar, which the build makes after the unit tests (maven-invoker-plugin).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tally.kafka.embedded-port=0", "tally.demo.enabled=false", "tally.jobs-dir=target/no-jobs",
        "server.address=127.0.0.1", "tally.security.admin-password=" + Api.ADMIN_PASSWORD,
        "tally.flink.embedded=true", "tally.flink.slots=4"})
class FlinkDeploymentIT extends EndToEndSupport {

    private static final String JOB = "on-flink";

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void deploysSavepointsUpgradesRescalesAndStopsOnFlink() throws Exception {
        Api api = new Api(port);
        JsonNode cluster = api.get("/api/flink").body();
        assertThat(cluster.get("configured").asBoolean()).isTrue();
        assertThat(cluster.get("flinkVersion").asString()).isEqualTo("2.2.1");
        assertThat(cluster.get("jobJarFound").asBoolean()).as("flink-job's jar (built by the invoker)").isTrue();

        refusesWhatFlinkCannotRun(api);

        KnownEvents.produce(kafka.bootstrapServers(), JOB);
        String spec = KnownEvents.spec(JOB, JOB) + """
                parallelism: 2
                checkpoints: { interval: 500ms, mode: exactly-once, transactionTimeout: 60s }
                sinks: [ { kind: kafka, topic: on-flink-out } ]
                """;
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        JsonNode report = api.get("/api/jobs/" + JOB + "/flink/compatibility").body();
        assertThat(report.get("features").valueStream().map(f -> f.get("support").asString()))
                .doesNotContain("UNSUPPORTED").contains("APPROXIMATE");

        Api.Response deployed = api.post("/api/jobs/" + JOB + "/deploy?target=flink");
        assertThat(deployed.status()).as(String.valueOf(deployed.body())).isEqualTo(200);
        assertThat(deployed.body().get("target").asString()).isEqualTo("flink");
        String firstJob = deployed.body().get("flinkJobId").asString();
        assertThat(firstJob).hasSize(32);
        awaitRunning(api, 2);

        // results: the exactly-once sink commits with each checkpoint; a read_committed consumer sees each once
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(results()).isEqualTo(expected()));
        JsonNode status = api.get("/api/jobs/" + JOB + "/flink").body();
        assertThat(status.get("state").asString()).isEqualTo("RUNNING");
        // the results were committed by a completed checkpoint; Flink's REST API serves checkpoint statistics from a
        // cache refreshed every few seconds (web.refresh-interval), so the count may follow a moment later
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/api/jobs/" + JOB + "/flink")
                .body().get("checkpoints").get("completed").asLong()).isPositive());
        assertThat(api.get("/api/jobs/" + JOB).body().get("deployment").get("status").asString())
                .isEqualTo("RUNNING");
        dashboard(firstJob);

        Api.Response manual = api.post("/api/jobs/" + JOB + "/flink/savepoint", "application/json", "{}");
        assertThat(manual.status()).as(String.valueOf(manual.body())).isEqualTo(200);
        String manualId = manual.body().get("id").asString();
        assertThat(manual.body().get("location").asString()).startsWith("file:").contains(manualId);

        // cross-engine restore refused, nothing changed
        Api.Response cross = api.post("/api/jobs/" + JOB + "/deploy?savepoint=" + manualId);
        assertThat(cross.status()).isEqualTo(409);
        assertThat(cross.body().get("detail").asString()).contains("taken by the Flink engine",
                "cannot be restored on the embedded engine");
        // the embedded engine's operations do not touch a deployment on Flink
        assertThat(api.post("/api/jobs/" + JOB + "/deployment/cancel").status()).isEqualTo(409);

        String v2 = spec.replace("description: end-to-end test job", "description: version 2 on Flink");
        assertThat(api.post("/api/jobs", "application/yaml", v2).status()).isEqualTo(201);
        Api.Response upgraded = api.post("/api/jobs/" + JOB + "/flink/upgrade", "application/json",
                "{\"version\":2}");
        assertThat(upgraded.status()).as(String.valueOf(upgraded.body())).isEqualTo(200);
        assertThat(upgraded.body().get("version").asInt()).isEqualTo(2);
        assertThat(upgraded.body().get("flinkJobId").asString()).isNotEqualTo(firstJob);
        awaitRunning(api, 2);

        Api.Response rescaled = api.post("/api/jobs/" + JOB + "/flink/rescale", "application/json",
                "{\"parallelism\":1}");
        assertThat(rescaled.status()).as(String.valueOf(rescaled.body())).isEqualTo(200);
        awaitRunning(api, 1);
        JsonNode afterRescale = api.get("/api/jobs/" + JOB + "/flink").body();
        assertThat(afterRescale.get("checkpoints").get("restored").asLong()).isEqualTo(1);
        assertThat(afterRescale.get("parallelism").asInt()).isEqualTo(1);
        JsonNode state = api.get("/api/jobs/" + JOB + "/deployment").body();
        assertThat(state.get("parallelism").asInt()).isEqualTo(1);
        assertThat(state.get("observedParallelism").asInt()).as("Flink's").isEqualTo(1);
        assertThat(state.get("observedVersion").asInt()).isEqualTo(2);

        Api.Response stopped = api.post("/api/jobs/" + JOB + "/flink/stop", "application/json", "{\"drain\":false}");
        assertThat(stopped.status()).as(String.valueOf(stopped.body())).isEqualTo(200);
        JsonNode deployment = api.get("/api/jobs/" + JOB).body().get("deployment");
        assertThat(deployment.get("desiredState").asString()).isEqualTo("SUSPENDED");
        assertThat(deployment.get("status").asString()).isEqualTo("SUSPENDED");
        // results after restores: still each window once (no window fired twice, none lost)
        assertThat(results()).isEqualTo(expected());

        // the catalog: every savepoint with engine flink, Flink version, jar hash and lineage
        Map<String, JsonNode> byTrigger = new HashMap<>();
        api.get("/api/jobs/" + JOB + "/savepoints").body().valueStream()
                .forEach(e -> byTrigger.put(e.get("trigger").asString(), e));
        assertThat(byTrigger.keySet()).containsExactlyInAnyOrder("MANUAL", "UPGRADE", "RESCALE", "SUSPEND");
        for (JsonNode e : byTrigger.values()) {
            assertThat(e.get("engine").asString()).isEqualTo("flink");
            assertThat(e.get("flinkVersion").asString()).isEqualTo("2.2.1");
            assertThat(e.get("jarSha256").asString()).hasSize(64);
            assertThat(e.get("status").asString()).as("its _metadata is there").isEqualTo("VERIFIED");
        }
        assertThat(byTrigger.get("MANUAL").get("jobVersion").asInt()).isEqualTo(1);
        assertThat(byTrigger.get("UPGRADE").get("jobVersion").asInt()).isEqualTo(1);
        assertThat(byTrigger.get("UPGRADE").get("parent").isNull()).isTrue();
        assertThat(byTrigger.get("RESCALE").get("jobVersion").asInt()).isEqualTo(2);
        assertThat(byTrigger.get("RESCALE").get("parallelism").asInt()).isEqualTo(2);
        assertThat(byTrigger.get("RESCALE").get("parent").asString())
                .isEqualTo(byTrigger.get("UPGRADE").get("id").asString());
        assertThat(byTrigger.get("SUSPEND").get("parallelism").asInt()).isEqualTo(1);
        assertThat(byTrigger.get("SUSPEND").get("parent").asString())
                .isEqualTo(byTrigger.get("RESCALE").get("id").asString());
        assertThat(byTrigger.get("SUSPEND").get("deploymentId").asLong())
                .isEqualTo(deployment.get("id").asLong());

        // a Flink savepoint deploys again on Flink
        Api.Response again = api.post("/api/jobs/" + JOB + "/deploy?target=flink&savepoint="
                + byTrigger.get("SUSPEND").get("id").asString());
        assertThat(again.status()).as(String.valueOf(again.body())).isEqualTo(200);
        awaitRunning(api, 2);
        assertThat(api.post("/api/jobs/" + JOB + "/stop").body().get("desiredState").asString())
                .isEqualTo("STOPPED");
    }

    /** A spec with a feature Flink cannot run: 409 naming it, with the report; no deployment is created. */
    private void refusesWhatFlinkCannotRun(Api api) {
        String generated = """
                name: not-on-flink
                source: { kind: generator, rate: 10 }
                time: { field: event_time, format: epoch-millis, outOfOrderness: 1s }
                key: ad_id
                window: { kind: tumbling, size: 10s }
                aggregates: [ { name: views, kind: count } ]
                """;
        Api.Response submitted = api.post("/api/jobs", "application/yaml", generated);
        assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
        Api.Response refused = api.post("/api/jobs/not-on-flink/deploy?target=flink");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("cannot run on Flink", "/source");
        assertThat(refused.body().get("features").valueStream().map(f -> f.get("support").asString()))
                .contains("UNSUPPORTED");
        assertThat(api.get("/api/jobs/not-on-flink").body().get("deployment").isNull()).isTrue();
        assertThat(api.post("/api/jobs/not-on-flink/deploy?target=elsewhere").status()).isEqualTo(400);

        // a savepoint of the embedded engine does not restore on Flink
        assertThat(api.post("/api/jobs/not-on-flink/deploy").status()).isEqualTo(200);
        Api.Response embedded = api.post("/api/jobs/not-on-flink/savepoints", "application/json", "{\"stop\":true}");
        assertThat(embedded.status()).as(String.valueOf(embedded.body())).isEqualTo(201);
        Api.Response cross = api.post("/api/jobs/not-on-flink/deploy?target=flink&savepoint="
                + embedded.body().get("id").asString());
        assertThat(cross.status()).isEqualTo(409);
        assertThat(cross.body().get("detail").asString()).contains("taken by the embedded engine",
                "cannot be restored on Flink");
        assertThat(api.get("/api/jobs/not-on-flink").body().get("deployment").get("target").asString())
                .isEqualTo("embedded");
    }

    /**
     * The dashboard: the Flink panel (target, Flink job id, state, checkpoint counts, a savepoint through it), the
     * catalog's engine badge, the compatibility report of a spec Flink cannot run; screenshots in
     * target/flink-screenshots. Skipped when the frontend was not built.
     */
    private void dashboard(String flinkJob) throws Exception {
        if (Boolean.getBoolean("tally.frontend.skipped")) {
            return; // -Dskip.frontend: no dashboard to look at (the API checks above and below still run)
        }
        String output = BrowserScript.run(port, "flink", Map.of("TALLY_JOB", JOB, "TALLY_FLINK_JOB", flinkJob,
                "TALLY_UNSUPPORTED_JOB", "not-on-flink", "TALLY_SCREENSHOTS",
                java.nio.file.Path.of("target", "flink-screenshots").toAbsolutePath().toString()),
                Duration.ofSeconds(240));
        assertThat(output).contains("flink e2e: ok");
    }

    private static void awaitRunning(Api api, int parallelism) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode s = api.get("/api/jobs/" + JOB + "/flink").body();
            assertThat(s.get("deployment").get("status").asString()).isEqualTo("RUNNING");
            assertThat(s.get("parallelism").asInt()).isEqualTo(parallelism);
        });
    }

    /** The committed results: "window start key=views" per result. */
    private List<String> results() {
        JsonMapper json = JsonMapper.builder().build();
        return CommittedRecords.read(kafka.bootstrapServers(), JOB + "-out").stream().map(r -> {
            JsonNode n = json.readTree(r.value());
            return n.get("windowStart").asLong() + " " + n.get("key").asString() + "="
                    + n.get("values").get("views").asLong();
        }).sorted().toList();
    }

    private static List<String> expected() {
        Set<String> out = KnownEvents.EXPECTED.entrySet().stream().flatMap(w -> w.getValue().entrySet().stream()
                .map(k -> w.getKey() + " " + k.getKey() + "=" + k.getValue())).collect(Collectors.toSet());
        return out.stream().sorted().toList();
    }
}
