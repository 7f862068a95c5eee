package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.TallyApplication;
import dev.tally.control.system.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The service stopped and started again on the same data directory, as a user restarts it: what it keeps and
 * what it must not change (a job's versions, a deployment's results and start time).
 */
class RestartEndToEndTests {

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TallyApplication.class).run("--server.port=0",
                "--server.address=127.0.0.1", "--tally.kafka.embedded-port=0", "--tally.demo.enabled=false",
                "--tally.data-dir=" + dir.resolve("data"), "--tally.jobs-dir=" + dir.resolve("jobs"),
                "--spring.main.banner-mode=off", Api.ADMIN_PASSWORD_ARG);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /**
     * One restart, three promises: importing the job directory again creates no version nobody asked for (a
     * version submitted through the API stays the latest), a stopped job's results survive the restart, and a
     * resumed deployment's start time is the time it resumed.
     */
    @Test
    void restartKeepsVersionsAndResultsAndRecordsWhenADeploymentResumed() throws Exception {
        String spec = KnownEvents.spec("restart-import", "restart-import");
        Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(dir.resolve("jobs").resolve("restart-import.yaml"), spec);
        Instant startedBefore;
        try (ConfigurableApplicationContext first = start()) {
            Api api = api(first);
            KnownEvents.produce(first.getBean(KafkaConnection.class).bootstrapServers(), "restart-results");
            assertThat(api.post("/api/jobs", "application/yaml", KnownEvents.spec("restart-results", "restart-results"))
                    .status()).isEqualTo(201);
            assertThat(api.post("/api/jobs/restart-results/deploy").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> results(api).size() == 4);
            assertThat(api.post("/api/jobs/restart-results/stop").status()).isEqualTo(200);
            assertThat(results(api)).as("results after stop").hasSize(4);

            JsonNode job = api.get("/api/jobs/restart-import").body();
            assertThat(job.get("latestVersion").asInt()).isEqualTo(1);
            assertThat(job.get("deployment").get("version").asInt()).isEqualTo(1);
            // the user submits version 2 through the API and redeploys it
            Api.Response v2 = api.post("/api/jobs", "application/yaml",
                    spec.replace("end-to-end test job", "submitted through the API"));
            assertThat(v2.body().get("version").asInt()).isEqualTo(2);
            assertThat(api.post("/api/jobs/restart-import/stop").status()).isEqualTo(200);
            assertThat(api.post("/api/jobs/restart-import/deploy").status()).isEqualTo(200);
            startedBefore = Instant.parse(api.get("/api/jobs/restart-import").body().get("deployment").get("startedAt")
                    .asString());
        }
        Instant restarted = Instant.now();
        try (ConfigurableApplicationContext second = start()) {
            Api api = api(second);
            JsonNode job = api.get("/api/jobs/restart-import").body();
            // the job file equals version 1: importing it again creates nothing
            assertThat(job.get("versions")).hasSize(2);
            assertThat(job.get("latestVersion").asInt()).isEqualTo(2);
            assertThat(job.get("description").asString()).isEqualTo("submitted through the API");
            assertThat(job.get("deployment").get("version").asInt()).isEqualTo(2);
            assertThat(Instant.parse(job.get("deployment").get("startedAt").asString()))
                    .isAfter(startedBefore).isAfterOrEqualTo(restarted);
            // a stopped job shows the results it produced before the restart
            assertThat(results(api)).as("results after restart").hasSize(4);
            assertThat(api.get("/api/jobs/restart-results").body().get("deployment").get("status").asString())
                    .isEqualTo("STOPPED");
        }
    }

    private static JsonNode results(Api api) {
        return api.get("/api/jobs/restart-results/results?windows=10").body().get("results");
    }
}
