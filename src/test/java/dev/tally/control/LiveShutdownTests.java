package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.TallyApplication;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An open dashboard does not hold the service's shutdown: its event stream ends when the application closes,
 * instead of keeping Tomcat's graceful shutdown waiting for its whole timeout (30 s).
 */
class LiveShutdownTests {

    @Test
    void closingTheApplicationEndsOpenEventStreamsAtOnce() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "shutdown-data-");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TallyApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--tally.kafka.embedded-port=0",
                "--tally.demo.enabled=false", "--tally.jobs-dir=target/no-jobs",
                "--tally.data-dir=" + data.toAbsolutePath(), Api.ADMIN_PASSWORD_ARG);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                .header("Accept", "text/event-stream").header("Authorization", Api.adminAuthorization(port)).GET()
                .build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).startsWith("event:");

            long started = System.nanoTime();
            app.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("shutdown with an open event stream").isLessThan(Duration.ofSeconds(15));
            assertThat(app.isActive()).isFalse();
        }
    }
}
