package dev.tally.control.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of a Flink 2.2 cluster's REST API (the JobManager's {@code /v1} endpoints: jars, jobs, savepoints,
 * checkpoints, metrics, config), over the JDK's HttpClient and Jackson. Every call that fails, whether Flink
 * answers with an error status or not at all, throws {@link FlinkException} naming the request and Flink's
 * answer. Asynchronous operations (savepoint, stop with savepoint) take a client-chosen trigger id, so a retry
 * of the same request with the same id does not start a second operation. Thread-safe.
 */
public final class FlinkRestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(200);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param base    the REST endpoint, for example {@code http://127.0.0.1:8081}
     * @param timeout the longest wait for one answer
     */
    public FlinkRestClient(URI base, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The REST endpoint this client talks to. */
    public URI base() {
        return base;
    }

    /** The cluster's Flink version ({@code GET /config}, field {@code flink-version}), for example "2.2.1". */
    public String flinkVersion() {
        return send("GET", "/config", null).path("flink-version").asString();
    }

    /** The hex SHA-256 of a file's content. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new FlinkException("cannot read the job jar " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The id of the cluster's copy of a jar, uploading it only when the cluster has none: the jar travels under
     * the name {@code tally-<sha256>.jar}, and {@code GET /jars} is asked first for a jar of that name.
     *
     * @param jar    the jar file
     * @param sha256 its content hash ({@link #sha256})
     * @return the jar id to run ({@code <uuid>_tally-<sha256>.jar})
     */
    public String uploadOnce(Path jar, String sha256) {
        String name = "tally-" + sha256 + ".jar";
        for (JsonNode f : send("GET", "/jars", null).path("files")) {
            if (name.equals(f.path("name").asString())) {
                return f.path("id").asString();
            }
        }
        return upload(jar, name);
    }

    /** Uploads a jar ({@code POST /jars/upload}, multipart part {@code jarfile}); its id. */
    String upload(Path jar, String name) {
        String boundary = "tally-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FlinkException("cannot read the job jar " + jar + ": " + e.getMessage(), e);
        }
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/jars/upload")).timeout(timeout.multipliedBy(4))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        String filename = exchange("POST /jars/upload", req).path("filename").asString();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /**
     * What to run from an uploaded jar ({@code POST /jars/{id}/run}).
     *
     * @param entryClass    the main class
     * @param programArgs   program arguments, one per element
     * @param parallelism   default parallelism of the job, or null for the cluster's
     * @param savepointPath the savepoint to restore (Flink's location, {@code file:/…}), or null
     * @param jobId         the job id to give the job (32 hex digits), chosen by the caller
     */
    public record Run(String entryClass, List<String> programArgs, Integer parallelism, String savepointPath,
            String jobId) {
    }

    /** Runs a job from an uploaded jar; the job id Flink answers with (the run's {@code jobId}). */
    public String run(String jarId, Run run) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", run.entryClass());
        body.set("programArgsList", JSON.valueToTree(run.programArgs()));
        if (run.parallelism() != null) {
            body.put("parallelism", run.parallelism());
        }
        if (run.savepointPath() != null) {
            body.put("savepointPath", run.savepointPath());
            body.put("allowNonRestoredState", false);
            body.put("claimMode", "NO_CLAIM");
        }
        body.put("jobId", run.jobId());
        return send("POST", "/jars/" + jarId + "/run", body).path("jobid").asString();
    }

    /**
     * Triggers a savepoint of a running job ({@code POST /jobs/{id}/savepoints}, canonical format); poll it with
     * {@link #savepointStatus} or {@link #awaitSavepoint}.
     *
     * @param targetDirectory where Flink writes it (a URI Flink's file systems know, {@code file:/…})
     * @param triggerId       the operation's id, chosen by the caller (32 hex digits); the same id again does not
     *                        start a second savepoint
     */
    public void triggerSavepoint(String jobId, String targetDirectory, String triggerId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("target-directory", targetDirectory);
        body.put("cancel-job", false);
        body.put("formatType", "CANONICAL");
        body.put("triggerId", triggerId);
        send("POST", "/jobs/" + jobId + "/savepoints", body);
    }

    /**
     * Stops a job with a savepoint ({@code POST /jobs/{id}/stop}); with {@code drain} Flink first sends the
     * maximum watermark, so every window fires (a final stop). Poll it with {@link #awaitSavepoint}.
     */
    public void stopWithSavepoint(String jobId, String targetDirectory, boolean drain, String triggerId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", targetDirectory);
        body.put("drain", drain);
        body.put("formatType", "CANONICAL");
        body.put("triggerId", triggerId);
        send("POST", "/jobs/" + jobId + "/stop", body);
    }

    /**
     * The state of a savepoint or stop operation ({@code GET /jobs/{id}/savepoints/{triggerId}}).
     *
     * @param done     whether it ended
     * @param location the savepoint's location when it completed, else null
     * @param failure  why it failed (Flink's failure cause), else null
     */
    public record SavepointStatus(boolean done, String location, String failure) {
    }

    /** The state of a savepoint or stop operation; see {@link SavepointStatus}. */
    public SavepointStatus savepointStatus(String jobId, String triggerId) {
        JsonNode r = send("GET", "/jobs/" + jobId + "/savepoints/" + triggerId, null);
        if (!"COMPLETED".equals(r.path("status").path("id").asString())) {
            return new SavepointStatus(false, null, null);
        }
        JsonNode op = r.path("operation");
        if (op.hasNonNull("location")) {
            return new SavepointStatus(true, op.get("location").asString(), null);
        }
        JsonNode cause = op.path("failure-cause");
        String why = cause.path("stack-trace").asString("");
        String first = why.isEmpty() ? cause.toString() : why.lines().limit(3).reduce((a, b) -> a + " " + b.trim())
                .orElse(why);
        return new SavepointStatus(true, null, first);
    }

    /**
     * Polls a savepoint or stop operation until it ends.
     *
     * @return the savepoint's location
     * @throws FlinkException when it failed (with Flink's cause) or did not end within {@code max}
     */
    public String awaitSavepoint(String jobId, String triggerId, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            SavepointStatus s = savepointStatus(jobId, triggerId);
            if (s.done()) {
                if (s.failure() != null) {
                    throw new FlinkException("the savepoint of Flink job " + jobId + " failed: " + s.failure());
                }
                return s.location();
            }
            Thread.sleep(POLL.toMillis()); // Flink's REST API offers polling only
        }
        throw new FlinkException("the savepoint of Flink job " + jobId + " (trigger " + triggerId
                + ") did not complete within " + max);
    }

    /** Cancels a job without a savepoint ({@code PATCH /jobs/{id}?mode=cancel}). */
    public void cancel(String jobId) {
        send("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
    }

    /**
     * A job as Flink reports it ({@code GET /jobs/{id}}).
     *
     * @param state       INITIALIZING, CREATED, RUNNING, FAILING, FAILED, CANCELLING, CANCELED, FINISHED,
     *                    RESTARTING, SUSPENDED or RECONCILING
     * @param parallelism the highest parallelism of its vertices
     * @param tasksRunning whether every vertex is RUNNING (a savepoint needs that)
     */
    public record JobDetails(String jobId, String state, int parallelism, boolean tasksRunning) {
    }

    /** The job's state and parallelism; {@link FlinkException} (status 404) for a job Flink does not know. */
    public JobDetails job(String jobId) {
        JsonNode r = send("GET", "/jobs/" + jobId, null);
        int p = 0;
        boolean running = r.path("vertices").size() > 0;
        for (JsonNode v : r.path("vertices")) {
            p = Math.max(p, v.path("parallelism").asInt());
            running &= "RUNNING".equals(v.path("status").asString());
        }
        return new JobDetails(jobId, r.path("state").asString(), p, running);
    }

    /**
     * The newest failure of a job ({@code GET /jobs/{id}/exceptions}): its exception's name and the first line of
     * its trace; "no failure recorded" when there is none.
     */
    public String rootException(String jobId) {
        JsonNode entries = send("GET", "/jobs/" + jobId + "/exceptions", null).path("exceptionHistory")
                .path("entries");
        if (entries.isEmpty()) {
            return "no failure recorded";
        }
        return firstAndRootCause(entries.get(0).path("stacktrace").asString(
                entries.get(0).path("exceptionName").asString()));
    }

    /**
     * Checkpoint counts of a job ({@code GET /jobs/{id}/checkpoints}).
     *
     * @param completed      checkpoints and savepoints completed
     * @param failed         failed ones
     * @param restored       restores (from a savepoint or after a failure)
     * @param latestRestored the path restored last, or null
     */
    public record CheckpointCounts(long completed, long failed, long restored, String latestRestored) {
    }

    /** The job's checkpoint counts. */
    public CheckpointCounts checkpoints(String jobId) {
        JsonNode r = send("GET", "/jobs/" + jobId + "/checkpoints", null);
        JsonNode c = r.path("counts");
        JsonNode restored = r.path("latest").path("restored");
        return new CheckpointCounts(c.path("completed").asLong(), c.path("failed").asLong(),
                c.path("restored").asLong(),
                restored.hasNonNull("external_path") ? restored.get("external_path").asString() : null);
    }

    /**
     * Job-level metrics ({@code GET /jobs/{id}/metrics?get=…}), for example {@code numRestarts} and
     * {@code lastCheckpointDuration}; a metric Flink does not have is absent from the map.
     */
    public Map<String, String> metrics(String jobId, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode m : send("GET", "/jobs/" + jobId + "/metrics?get=" + String.join(",", names), null)) {
            out.put(m.path("id").asString(), m.path("value").asString());
        }
        return out;
    }

    /** A fresh id for a job or a trigger: 32 hex digits, as Flink's {@code JobID} and {@code TriggerId}. */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return exchange(method + " " + path, b.build());
    }

    private JsonNode exchange(String what, HttpRequest req) {
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FlinkException("Flink at " + base + " did not answer " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkException("interrupted while waiting for Flink's answer to " + what, e);
        }
        JsonNode json;
        try {
            json = res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
        } catch (RuntimeException e) {
            throw new FlinkException(res.statusCode(), "Flink at " + base + " answered " + what + " with "
                    + res.statusCode() + " and no JSON: " + abbreviate(res.body()));
        }
        if (res.statusCode() >= 300) {
            List<String> errors = new ArrayList<>();
            json.path("errors").forEach(e -> errors.add(firstAndRootCause(e.asString())));
            throw new FlinkException(res.statusCode(), "Flink at " + base + " refused " + what + " ("
                    + res.statusCode() + "): " + (errors.isEmpty() ? abbreviate(res.body()) : String.join("; ",
                    errors)));
        }
        return json;
    }

    /** The first line of an error Flink sends (often a stack trace) and its last "Caused by" line. */
    private static String firstAndRootCause(String error) {
        List<String> lines = error.lines().toList();
        String first = lines.isEmpty() ? "" : lines.get(0);
        String cause = null;
        for (String l : lines) {
            if (l.startsWith("Caused by: ")) {
                cause = l.substring("Caused by: ".length());
            }
        }
        return cause == null || first.contains(cause) ? first : first + " (caused by " + cause + ")";
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
