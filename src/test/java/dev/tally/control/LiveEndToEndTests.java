package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The overview is pushed as server-sent events once a second, and answers once at /api/overview. */
class LiveEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void pushesTheOverviewOfEveryJobEverySecond() throws Exception {
        Api api = new Api(port);
        KnownEvents.produce(kafka.bootstrapServers(), "live-topic");
        String spec = KnownEvents.spec("live-job", "live-topic") + "checkpoints: { interval: 200ms }\n";
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/live-job/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode job = find(api.get("/api/overview").body(), "live-job");
            assertThat(job.get("status").asString()).isEqualTo("RUNNING");
            assertThat(job.get("recordsIn").asLong()).isEqualTo(KnownEvents.RECORDS);
            assertThat(job.get("checkpoints").asLong()).isPositive();
            assertThat(job.get("checkpointMode").asString()).isEqualTo("EXACTLY_ONCE");
            assertThat(job.get("lastCheckpointAgeMs").asLong()).isBetween(0L, 5_000L);
            assertThat(job.get("parallelism").asInt()).isEqualTo(1);
        });

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                .header("Accept", "text/event-stream").header("Authorization", Api.adminAuthorization(port)).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        long started = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; events.size() < 3 && (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    assertThat(event).isEqualTo("overview");
                    events.add(JsonMapper.builder().build().readTree(line.substring(5)));
                }
            }
        }
        assertThat(events).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one a second").isLessThan(Duration.ofSeconds(10));
        assertThat(find(events.get(2), "live-job").get("status").asString()).isEqualTo("RUNNING");
        assertThat(api.post("/api/jobs/live-job/stop").status()).isEqualTo(200);
    }

    private static JsonNode find(JsonNode jobs, String name) {
        assertThat(jobs.isArray()).as("%s", jobs).isTrue();
        for (JsonNode j : jobs) {
            if (j.get("job").asString().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no " + name + " in " + jobs.toString());
    }
}
