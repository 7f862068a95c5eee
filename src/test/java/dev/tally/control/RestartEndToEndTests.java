package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.TallyApplication;
import dev.tally.control.system.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
                "--spring.main.banner-mode=off");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void restartImportsTheJobDirectoryWithoutCreatingAVersionNobodyAskedFor() throws Exception {
        String spec = KnownEvents.spec("restart-import", "restart-import");
        Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(dir.resolve("jobs").resolve("restart-import.yaml"), spec);
        try (ConfigurableApplicationContext first = start()) {
            Api api = api(first);
            JsonNode job = api.get("/api/jobs/restart-import").body();
            assertThat(job.get("latestVersion").asInt()).isEqualTo(1);
            assertThat(job.get("deployment").get("version").asInt()).isEqualTo(1);
            // the user submits version 2 through the API and redeploys it
            Api.Response v2 = api.post("/api/jobs", "application/yaml",
                    spec.replace("end-to-end test job", "submitted through the API"));
            assertThat(v2.body().get("version").asInt()).isEqualTo(2);
            assertThat(api.post("/api/jobs/restart-import/stop").status()).isEqualTo(200);
            assertThat(api.post("/api/jobs/restart-import/deploy").status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start()) {
            Api api = api(second);
            JsonNode job = api.get("/api/jobs/restart-import").body();
            // the job file equals version 1: importing it again creates nothing
            assertThat(job.get("versions")).hasSize(2);
            assertThat(job.get("latestVersion").asInt()).isEqualTo(2);
            assertThat(job.get("description").asString()).isEqualTo("submitted through the API");
            assertThat(job.get("deployment").get("version").asInt()).isEqualTo(2);
        }
    }
}
