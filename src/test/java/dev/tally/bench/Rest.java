package dev.tally.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service's REST API on 127.0.0.1, called as a user's script would; every call checks its status. */
final class Rest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    /** Calls the service on {@code port} with {@code authorization} (an {@code Authorization} header's value). */
    Rest(int port, String authorization) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = authorization;
    }

    /**
     * An {@code Authorization} header for a benchmark's in-process service: a bearer token of the first admin (the
     * service creates that user at its first start), made through the service's own token service.
     */
    static String adminAuthorization(org.springframework.context.ApplicationContext app) {
        return "Bearer " + app.getBean(dev.tally.control.security.TokenService.class)
                .create("admin", "benchmark", java.time.Duration.ofDays(1)).secret();
    }

    /** A response: status and body. */
    record Reply(int status, String body) {
    }

    Reply post(String path, String contentType, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** GET, expecting 200; the JSON body. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", authorization).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return expect(200, new Reply(r.statusCode(), r.body()));
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
        }
    }

    /** The reply's JSON body (null when empty); throws with the body when the status is not {@code status}. */
    JsonNode expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + reply.status() + ": " + reply.body());
        }
        return reply.body().isEmpty() ? null : JSON.readTree(reply.body());
    }
}
