package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Malformed requests to every kind of endpoint (bad JSON, wrong types, huge numbers, unknown enum values,
 * unsupported media types, unacceptable answers, wrong methods, bad path and query values): each is a 4xx problem
 * detail, never a 500, and no text of it carries an exception or class name or a stack frame.
 */
class MalformedRequestEndToEndTests extends EndToEndSupport {

    private static final String JOB = "/api/jobs/e2e-malformed";
    private static final String JSON = "application/json";
    private static final List<String> LEAKS = List.of("Exception", "java.", "javax.", "jakarta.", "dev.tally.",
            "tools.jackson", "com.fasterxml", "org.springframework", "org.apache", "\tat ", " at [Source",
            "$", "Error:");

    @LocalServerPort
    int port;

    @Test
    void malformedRequestsAreProblemDetailsWithoutClassNamesOrStackTraces() {
        Api api = new Api(port);
        assertThat(api.post("/api/jobs", "application/yaml", KnownEvents.spec("e2e-malformed", "e2e-malformed"))
                .status()).isEqualTo(201);
        Map<String, Api.Response> sent = new LinkedHashMap<>();
        String[][] bodies = {
            {"bad JSON", "{\"version\": "}, {"not an object", "[1, 2"}, {"wrong type", "{\"version\": \"two\"}"},
            {"wrong nested type", "{\"version\": 1, \"gate\": [true]}"}, {"huge number", "{\"version\": 1e999999}"},
            {"huge integer", "{\"version\": 99999999999999999999999999}"}, {"boolean for number", "{\"version\": true}"},
            {"unknown field", "{\"versoin\": 1}"}, {"deep nesting", "[".repeat(5000)}, {"control bytes", "{\"\u0000\": 1}"},
        };
        for (String path : List.of(JOB + "/upgrade", JOB + "/rescale", JOB + "/savepoints",
                JOB + "/deployment/resume", JOB + "/savepoint-settings")) {
            String method = path.endsWith("settings") ? "PUT" : "POST";
            for (String[] b : bodies) {
                String body = path.endsWith("rescale") ? b[1].replace("version", "parallelism")
                        : path.endsWith("savepoints") ? b[1].replace("version", "drain")
                        : path.endsWith("resume") ? b[1].replace("version", "fresh")
                        : path.endsWith("settings") ? b[1].replace("version", "keep").replace("gate", "maxAge")
                        : b[1];
                sent.put(method + " " + path + " " + b[0], api.send(method, path, JSON, body, null));
            }
            sent.put(method + " " + path + " unsupported media type", api.send(method, path, "text/html", "<p>", null));
            sent.put(method + " " + path + " invalid media type", api.send(method, path, "json!!", "{}", null));
        }
        sent.put("unknown policy", api.send("POST", JOB + "/upgrade", JSON, "{\"version\": 1, \"policy\": \"maybe\"}",
                null));
        sent.put("unknown enum in spec", api.post("/api/jobs", JSON, "{\"name\": \"x\", \"source\": {\"kind\": \"ftp\"}}"));
        sent.put("wrong types in spec", api.post("/api/jobs", JSON, "{\"name\": 5, \"source\": [], \"parallelism\": {}}"));
        sent.put("huge parallelism", api.post("/api/jobs", JSON, "{\"name\": \"x\", \"parallelism\": 1e999999}"));
        sent.put("huge integer in spec", api.post("/api/jobs", JSON,
                "{\"name\": \"x\", \"parallelism\": 999999999999999999999999999999}"));
        sent.put("spec as XML", api.post("/api/jobs", "application/xml", "<job/>"));
        sent.put("YAML bomb", api.post("/api/jobs", "application/yaml",
                "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"));
        sent.put("YAML tag", api.post("/api/jobs", "application/yaml", "name: !!java.io.File x\n"));
        sent.put("huge windows", api.get(JOB + "/results?windows=99999999999999999999"));
        sent.put("windows not a number", api.get(JOB + "/results?windows=1e3"));
        sent.put("audit page not a number", api.get("/api/audit?page=x&size=-1"));
        sent.put("audit unknown outcome", api.get("/api/audit?outcome=MAYBE"));
        sent.put("operation id not a number", api.get(JOB + "/deployment/operations/abc"));
        sent.put("version not a number", api.get(JOB + "/versions/abc"));
        sent.put("huge version", api.get(JOB + "/versions/99999999999999999999/diff/1"));
        sent.put("state key with window not a number", api.get(JOB + "/savepoints/x/state?key=a&windowStart=soon"));
        sent.put("wrong method on jobs", api.send("DELETE", "/api/jobs", null, null, null));
        sent.put("wrong method on deploy", api.send("PUT", JOB + "/deploy", JSON, "{}", null));
        sent.put("wrong method on audit", api.send("PATCH", "/api/audit", JSON, "{}", null));
        sent.put("wrong method on overview", api.send("POST", "/api/overview", JSON, "{}", null));
        sent.put("unacceptable answer", api.send("GET", "/api/jobs", null, null, "application/xml"));
        sent.put("unknown endpoint", api.get("/api/no-such-thing"));
        sent.put("encoded traversal", api.get("/api/jobs/..%2F..%2Fetc%2Fpasswd"));

        List<String> problems = new ArrayList<>();
        sent.forEach((what, r) -> {
            if (r.status() < 400 || r.status() >= 500) {
                problems.add(what + ": status " + r.status() + " " + r.body());
            }
            if (r.status() != 406 && !r.contentType().startsWith("application/problem+json")) {
                problems.add(what + ": content type '" + r.contentType() + "' " + r.body());
            }
            List<String> texts = new ArrayList<>(ErrorResponseEndToEndTests.texts(r.body()));
            if (r.body() != null && r.body().isString()) {
                texts.add(r.body().asString());
            }
            for (String text : texts) {
                LEAKS.stream().filter(text::contains).findFirst()
                        .ifPresent(leak -> problems.add(what + ": '" + leak + "' in " + text));
            }
        });
        assertThat(problems).isEmpty();
        assertThat(api.get("/api/jobs/x").status()).as("no job was created by a malformed spec").isEqualTo(404);
    }
}
