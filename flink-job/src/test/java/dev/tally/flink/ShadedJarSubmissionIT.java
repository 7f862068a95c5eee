package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar as a user submits it: uploaded to an in-process Flink cluster through its REST API
 * ({@code POST /jars/upload}, {@code POST /jars/{id}/run} with program arguments and parallelism, then
 * {@code GET /jobs/{id}/status} until it ends), its results compared with the embedded engine's. Runs after
 * {@code package} (the jar path comes from the build), in the integration-test phase.
 */
class ShadedJarSubmissionIT {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    private static LocalFlink flink;

    @BeforeAll
    static void start() throws Exception {
        flink = new LocalFlink(Files.createDirectories(dir.resolve("flink-upload")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void theShadedJarSubmittedThroughRestCountsLikeTheEmbeddedEngine() throws Exception {
        Path input = Files.write(dir.resolve("events.jsonl"), EngineRuns.events());
        String yaml = """
                name: submitted
                source: { kind: file, path: %s }
                time: { field: ts, format: epoch-millis, outOfOrderness: 200ms }
                filter: kind == "view"
                key: k
                window: { kind: sliding, size: 2s, slide: 1s }
                allowedLateness: 1s
                sinks: [ { kind: table, output: late } ]
                parallelism: 2
                aggregates:
                  - { name: n, kind: count }
                  - { name: total, kind: sum, field: v }
                  - { name: users, kind: distinct, field: user }
                """.formatted(input);
        JobSpec spec = SpecParser.parse(yaml).spec();
        Path out = dir.resolve("out");
        URI rest = flink.restAddress();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        JsonNode uploaded = upload(http, rest, Path.of(System.getProperty("tally.flink.jar")));
        assertThat(uploaded.path("status").asString()).isEqualTo("success");
        String filename = uploaded.path("filename").asString();
        String jarId = filename.substring(filename.lastIndexOf('/') + 1);

        String run = JSON.writeValueAsString(Map.of("entryClass", "dev.tally.flink.TallyFlinkJob", "parallelism", 2,
                "programArgsList", List.of("--spec", Base64.getEncoder().encodeToString(
                        yaml.getBytes(StandardCharsets.UTF_8)), "--tally-job", "submitted", "--output", out.toString(),
                        "--work-dir", dir.toString())));
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(run)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String jobId = JSON.readTree(started.body()).path("jobid").asString();

        assertThat(awaitEnd(http, rest, jobId)).isEqualTo("FINISHED");
        List<String> late = EngineRuns.lines(out, "late-");
        EngineRuns.Outputs onFlink = new EngineRuns.Outputs(EngineRuns.lines(out, "results-"), late, late.size());
        assertThat(onFlink.results()).isNotEmpty();
        assertThat(onFlink.late()).isNotEmpty();
        EngineRuns.assertSame(spec, onFlink, EngineRuns.embedded(spec, dir));
    }

    private static JsonNode upload(HttpClient http, URI rest, Path jar) throws Exception {
        String boundary = "tally-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Polls the job's status until it is terminal (at most 2 minutes). */
    private static String awaitEnd(HttpClient http, URI rest, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "/status"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            String status = JSON.readTree(r.body()).path("status").asString();
            if (List.of("FINISHED", "FAILED", "CANCELED").contains(status)) {
                return status;
            }
            Thread.sleep(200); // polling a remote status: there is nothing to wait on in-process
        }
        return "TIMEOUT";
    }
}
