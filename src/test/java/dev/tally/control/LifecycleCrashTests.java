package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The service killed with SIGKILL in the middle of an upgrade (the new version started, its health gate still
 * waiting) and started again on the same data directory ends consistent: the reconciler finds the unfinished
 * operation and completes it (the new version from its own newest checkpoint, else the savepoint), the gate
 * passes, and the committed results (read_committed) hold every window exactly once with the exact counts.
 * The service runs in a child JVM with its embedded Kafka broker, as a user runs it.
 */
class LifecycleCrashTests {

    private Process service;
    private Path dir;

    @AfterEach
    void kill() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroyForcibly().waitFor();
        }
    }

    @Test
    void killedMidUpgradeTheServiceCompletesItOnRestartWithoutLossOrDuplicates() throws Exception {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target"), "crash-upgrade-");
        int http = freePort();
        int kafka = freePort();
        service = start(http, kafka, 0);
        Api api = new Api(http);
        String name = "crash-up";
        String v1 = LifecycleEndToEndTests.spec(name, LifecycleEndToEndTests.CHECKPOINTS);
        try (Feed feed = new Feed("127.0.0.1:" + kafka, name + "-in", 20)) {
            feed.send(400);
            assertThat(api.post("/api/jobs", "application/yaml", v1).status()).isEqualTo(201);
            assertThat(api.post("/api/jobs/" + name + "/deploy").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> completed(api, name) > 0);
            assertThat(api.post("/api/jobs", "application/yaml", LifecycleEndToEndTests.spec(name,
                    "checkpoints: { interval: 300ms, mode: exactly-once }\n")).status()).isEqualTo(201);

            feed.startTrickle();
            // a gate that takes long enough to kill the service while it waits
            Api.Response started = api.post("/api/jobs/" + name + "/upgrade", "application/json",
                    "{\"version\":2,\"gate\":{\"checkpoints\":40,\"timeout\":\"2m\"}}");
            assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(202);
            String op = "/api/jobs/" + name + "/deployment/operations/" + started.body().get("id").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get(op).body().get("step").asString()
                    .equals("STARTED") && completed(api, name) >= 2);
            feed.stopTrickle();
            service.destroyForcibly().waitFor(); // SIGKILL mid-upgrade

            service = start(http, kafka, 1);
            feed.startTrickle();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                Api.Response r = api.get(op);
                return r.status() == 200 && !r.body().get("state").asString().equals("RUNNING");
            });
            feed.stopTrickle();
            JsonNode done = api.get(op).body();
            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            JsonNode deployment = api.get("/api/jobs/" + name + "/deployment").body();
            assertThat(deployment.get("version").asInt()).isEqualTo(2);
            List<String> types = api.get("/api/jobs/" + name + "/deployment/events").body().valueStream()
                    .map(e -> e.get("type").asString()).toList();
            assertThat(types).containsSubsequence("STARTED", "RECONCILING", "GATE_PASSED", "SUCCEEDED");
            assertThat(api.get("/api/audit?principal=system&action=reconcile").body().get("total").asInt())
                    .isEqualTo(1);

            feed.send(100);
            long last = feed.lastTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode w = api.get("/api/jobs/" + name + "/results").body().get("watermark");
                return w != null && !w.isNull() && w.asLong() >= last - 200;
            });
            Api.Response drained = api.post("/api/jobs/" + name + "/deployment/drain");
            assertThat(drained.body().get("state").asString()).as(String.valueOf(drained.body()))
                    .isEqualTo("SUCCEEDED");
            Map<String, Long> actual = new HashMap<>();
            Map<String, Integer> times = new HashMap<>();
            for (String[] r : Feed.readCommitted(feed.bootstrap(), name + "-out")) {
                actual.put(r[0], Long.parseLong(r[1]));
                times.merge(r[0], 1, Integer::sum);
            }
            assertThat(times.values()).as("each window's result once").allMatch(n -> n == 1);
            assertThat(actual).isEqualTo(feed.expected());
        }
    }

    private static long completed(Api api, String name) {
        Api.Response r = api.get("/api/jobs/" + name + "/results");
        JsonNode c = r.status() == 200 && r.body() != null ? r.body().get("checkpoints") : null;
        return c == null || c.isNull() ? 0 : c.get("completed").asLong();
    }

    private Process start(int http, int kafka, int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tally.TallyApplication", "--server.port=" + http, "--server.address=127.0.0.1",
                "--tally.data-dir=" + dir.toAbsolutePath(), "--tally.kafka.embedded-port=" + kafka,
                "--tally.demo.enabled=false", "--tally.jobs-dir=target/no-jobs", Api.ADMIN_PASSWORD_ARG)
                .redirectErrorStream(true).redirectOutput(dir.resolve("service-" + round + ".log").toFile())
                .directory(new File(".")).start();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> !p.isAlive() || new Api(http).get("/api/jobs").status() == 200);
        assertThat(p.isAlive()).as(Files.readString(dir.resolve("service-" + round + ".log"))).isTrue();
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
