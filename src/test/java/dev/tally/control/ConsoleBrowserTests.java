package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.SnapshotStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operations console in headless Chromium ({@code frontend/e2e/console.e2e.mjs}): the overview's live row
 * of a deployed job, pushed by server-sent events → the job's page → its versions with author and note → the
 * diff of v1 and v2 → back and forward → the audit log showing the deploy, filtered and reloaded from its URL.
 * And a deployment failed on an unreadable checkpoint resumed from the newest readable one through the page
 * ({@code resume.e2e.mjs}). Skipped only when the build skipped the frontend.
 */
class ConsoleBrowserTests extends EndToEndSupport {

    private static final String JOB = "e2e-console";

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    DeploymentService deployments;

    @Autowired
    SnapshotStores stores;

    private int submit(String spec, String user, String note) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs?note="
                + URLEncoder.encode(note, StandardCharsets.UTF_8))).header("Content-Type", "application/yaml")
                .header("Authorization", "Bearer " + Api.tokenOf(port, user, "OPERATOR")).POST(HttpRequest.BodyPublishers.ofString(spec)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void walksFromTheLiveOverviewThroughVersionsAndTheDiffToTheAuditLog() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        Api api = new Api(port);
        KnownEvents.produce(kafka.bootstrapServers(), JOB);
        String v1 = KnownEvents.spec(JOB, JOB);
        assertThat(submit(v1, "carol", "first cut")).isEqualTo(201);
        assertThat(api.post("/api/jobs/" + JOB + "/deploy").status()).isEqualTo(200);
        assertThat(submit(v1.replace("size: 10s", "size: 5s"), "dave", "five-second windows")).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/" + JOB + "/results").body().get("results").size() == 4);

        assertThat(node("console", Map.of("TALLY_JOB", JOB, "TALLY_AUTHOR", "dave", "TALLY_NOTE", "five-second windows")))
                .contains("console e2e: ok");
    }

    @Test
    void resumesAFailedDeploymentFromTheNewestReadableCheckpointAfterSayingWhatIsSetAside() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        Api api = new Api(port);
        String job = "e2e-damaged-ui";
        KnownEvents.produce(kafka.bootstrapServers(), job);
        String spec = KnownEvents.spec(job, job) + "checkpoints: { interval: 300ms, retain: 3 }\n";
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs/" + job + "/results").body()
                .get("checkpoints").get("completed").asInt() > 2);
        SnapshotStore store = stores.checkpointFiles(job); // the files themselves, to damage one
        List<SnapshotStore.Stored> stored = store.list();
        String damaged = stored.get(stored.size() - 1).id();
        Files.write(((FileSnapshotStore) store).root().resolve(damaged).resolve("manifest.json"), new byte[0]);
        deployments.running(job).orElseThrow().stop(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + job).body().get("deployment")
                .get("status").asString().equals("FAILED"));
        String readable = store.list().get(store.list().size() - 1).id();

        assertThat(node("resume", Map.of("TALLY_JOB", job, "TALLY_DAMAGED", damaged, "TALLY_READABLE", readable)))
                .contains("resume e2e: ok");
        await().atMost(Duration.ofSeconds(20)).until(() -> readable.equals(api.get("/api/jobs/" + job + "/results")
                .body().get("checkpoints").get("restoredFrom").asString()));
        assertThat(api.post("/api/jobs/" + job + "/stop").status()).isEqualTo(200);
    }

    /** Runs {@code frontend/e2e/<script>.e2e.mjs} against this application; returns its output once it passed. */
    private String node(String script, Map<String, String> env) throws Exception {
        return BrowserScript.run(port, script, env);
    }
}
