package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * No error response carries a server path, a class name or a stack trace (style.md, "Configuration and errors"):
 * a sweep over the errors a user can provoke, each a problem detail whose messages name ids, not paths.
 */
class ErrorResponseEndToEndTests extends EndToEndSupport {

    /** An absolute file path under a usual root (JSON pointers such as /lookups/0/file are no paths). */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
            "(^|[\\s'\"(=:])/(work|home|root|tmp|usr|var|opt|etc|Users|mnt|srv)/");

    @LocalServerPort
    int port;

    @Test
    void errorResponsesNameIdsNeverPathsClassesOrStackTraces() {
        Api api = new Api(port);
        String spec = KnownEvents.spec("e2e-errors", "e2e-errors");
        assertThat(api.post("/api/jobs", "application/yaml", spec).status()).isEqualTo(201);
        String missing = "0123456789abcdef0123456789abcdef";

        Map<String, Api.Response> errors = new java.util.LinkedHashMap<>();
        errors.put("unknown job", api.get("/api/jobs/no-such-job"));
        errors.put("unknown savepoint", api.get("/api/jobs/e2e-errors/savepoints/" + missing));
        errors.put("savepoint id that is no id", api.get("/api/jobs/e2e-errors/savepoints/not-an-id"));
        errors.put("state of an unknown savepoint", api.get("/api/jobs/e2e-errors/savepoints/" + missing + "/state"));
        errors.put("deploy from an unknown savepoint", api.post("/api/jobs/e2e-errors/deploy?savepoint=" + missing));
        errors.put("unknown policy", api.post("/api/jobs/e2e-errors/deploy?savepoint=x&policy=maybe"));
        errors.put("missing lookup file", api.post("/api/jobs", "application/yaml",
                spec.replace("config/campaigns.csv", "config/no-such-file.csv")));
        errors.put("malformed JSON", api.post("/api/jobs", "application/json", "{\"name\": "));
        errors.put("windows out of range", api.get("/api/jobs/e2e-errors/results?windows=0"));
        errors.put("windows not a number", api.get("/api/jobs/e2e-errors/results?windows=many"));
        errors.put("savepoint of a job not running", api.post("/api/jobs/e2e-errors/savepoints", "application/json", "{}"));
        errors.put("stop of a job never deployed", api.post("/api/jobs/e2e-errors/stop"));
        errors.put("unsupported content type", api.post("/api/jobs", "text/html", "<p>"));

        List<String> problems = new ArrayList<>();
        errors.forEach((what, r) -> {
            if (r.status() < 400) {
                problems.add(what + ": status " + r.status());
                return;
            }
            if (!r.contentType().startsWith("application/problem+json")) {
                problems.add(what + ": content type " + r.contentType());
            }
            for (String text : texts(r.body())) {
                if (ABSOLUTE_PATH.matcher(text).find() || text.contains(System.getProperty("user.dir"))
                        || text.contains("Exception") || text.contains("dev.tally")
                        || text.contains("java.") || text.contains("\tat ")) {
                    problems.add(what + ": " + text);
                }
            }
        });
        assertThat(problems).isEmpty();
        assertThat(errors.get("unknown savepoint").status()).isEqualTo(404);
        assertThat(errors.get("unknown savepoint").body().get("detail").asString()).contains(missing, "e2e-errors");
        assertThat(errors.get("deploy from an unknown savepoint").status()).isEqualTo(404);
        assertThat(errors.get("missing lookup file").body().get("errors").get(0).get("message").asString())
                .contains("config/no-such-file.csv");
        assertThat(errors.get("missing lookup file").body().get("detail").asString())
                .contains("/lookups/0/file", "config/no-such-file.csv");
    }

    /** Every string in a body except the request's own path ({@code instance}) and JSON pointers. */
    static List<String> texts(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        body.properties().forEach(e -> {
            if (e.getValue().isString() && !e.getKey().equals("instance") && !e.getKey().equals("pointer")) {
                out.add(e.getValue().asString());
            } else if (e.getValue().isContainer()) {
                out.addAll(texts(e.getValue()));
            }
        });
        if (body.isArray()) {
            body.forEach(n -> out.addAll(texts(n)));
        }
        return out;
    }
}
