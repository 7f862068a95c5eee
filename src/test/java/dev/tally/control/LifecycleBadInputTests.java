package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every operations endpoint refuses bad input with a problem detail (404 unknown job, version, savepoint or
 * operation; 400 naming the field; 409 an illegal or conflicting request), and a refused request changes
 * nothing: the database rows of deployments, operations and events, and the savepoint storage, are the same
 * before and after.
 */
class LifecycleBadInputTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    JdbcTemplate db;

    @Test
    void refusesBadInputWithProblemDetailsAndChangesNothing() throws Exception {
        Api api = new Api(port);
        String name = "life-bad";
        String idle = "life-bad-idle";
        try (Feed feed = new Feed(kafka.bootstrapServers(), name + "-in", 5)) {
            feed.send(100);
            assertThat(api.post("/api/jobs", "application/yaml", LifecycleEndToEndTests.spec(name,
                    LifecycleEndToEndTests.CHECKPOINTS)).status()).isEqualTo(201);
            assertThat(api.post("/api/jobs", "application/yaml", LifecycleEndToEndTests.spec(idle, "")).status())
                    .isEqualTo(201);
            assertThat(api.post("/api/jobs/" + name + "/deploy").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs/" + name + "/deployment").body()
                    .get("status").asString().equals("RUNNING"));

            List<Map<String, Object>> before = rows();
            String up = "/api/jobs/" + name + "/upgrade";
            expect(api.post("/api/jobs/nope/upgrade", "application/json", "{\"version\":1}"), 404, "nope");
            expect(api.post("/api/jobs/nope/rescale", "application/json", "{\"parallelism\":1}"), 404, "nope");
            expect(api.get("/api/jobs/nope/deployment/events"), 404, "nope");
            expect(api.get("/api/jobs/nope/deployment/operations"), 404, "nope");
            expect(api.get("/api/jobs/" + name + "/deployment/operations/999999"), 404, "999999");
            expect(api.post(up, "application/json", "{\"version\":99}"), 404, "version 99");
            expect(api.post(up, "application/json", "{\"version\":1,\"savepoint\":\"0123456789abcdef0123456789abcdef\","
                    + "\"dryRun\":true}"), 404, "0123456789abcdef");
            expect(api.post(up, "application/json", "{}"), 400, "version:");
            expect(api.post(up, "application/json", "{\"version\":\"two\"}"), 400, "version:");
            expect(api.post(up, "application/json", "{\"version\":0}"), 400, "version:");
            expect(api.post(up, "application/json", "{\"version\":1,\"policy\":\"sideways\"}"), 400, "policy:");
            expect(api.post(up, "application/json", "{\"version\":1,\"gate\":{\"timeout\":\"soon\"}}"), 400,
                    "gate.timeout:");
            expect(api.post(up, "application/json", "{\"version\":1,\"gate\":{\"checkpoints\":-1}}"), 400,
                    "gate.checkpoints:");
            expect(api.post(up, "application/json", "[1"), 400, "body:");
            expect(api.post(up, "application/json", "{\"version\":1}"), 409, "already runs version 1");
            String rescale = "/api/jobs/" + name + "/rescale";
            expect(api.post(rescale, "application/json", "{}"), 400, "parallelism:");
            expect(api.post(rescale, "application/json", "{\"parallelism\":0}"), 400, "parallelism:");
            expect(api.post(rescale, "application/json", "{\"parallelism\":100000,\"dryRun\":true}"), 400,
                    "parallelism:");
            expect(api.post(rescale, "application/json", "{\"parallelism\":2}"), 409, "already runs at parallelism 2");
            expect(api.post("/api/jobs/" + name + "/deployment/resume"), 409, "not suspended");
            expect(api.post("/api/jobs/" + idle + "/upgrade", "application/json", "{\"version\":1}"), 409,
                    "never deployed");
            expect(api.post("/api/jobs/" + idle + "/deployment/suspend"), 409, "never deployed");
            expect(api.post("/api/jobs/" + idle + "/deployment/cancel"), 409, "never deployed");
            expect(api.post("/api/jobs/" + idle + "/deployment/drain"), 409, "never deployed");
            expect(api.get("/api/jobs/" + idle + "/deployment/events"), 409, "never deployed");
            assertThat(rows()).as("a refused request changes nothing").isEqualTo(before);

            Api.Response openapi = api.get("/api/openapi");
            assertThat(openapi.body().get("paths").propertyNames()).contains("/api/jobs/{name}/upgrade",
                    "/api/jobs/{name}/rescale", "/api/jobs/{name}/deployment/events",
                    "/api/jobs/{name}/deployment/operations", "/api/jobs/{name}/deployment/suspend",
                    "/api/jobs/{name}/deployment/resume", "/api/jobs/{name}/deployment/drain",
                    "/api/jobs/{name}/deployment/cancel");
            assertThat(api.post("/api/jobs/" + name + "/deployment/cancel").status()).isEqualTo(200);
        }
    }

    private List<Map<String, Object>> rows() {
        return List.of(
                Map.of("deployments", db.queryForList("select * from deployment order by id")),
                Map.of("operations", db.queryForList("select * from deployment_operation order by id")),
                Map.of("events", db.queryForList("select count(*) from deployment_event")));
    }

    private static void expect(Api.Response r, int status, String detail) {
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asString()).contains(detail);
        if (status == 400) { // the field, machine-readably, as invalid specs report it
            String field = detail.substring(0, detail.indexOf(':'));
            assertThat(r.body().get("errors")).as(String.valueOf(r.body())).hasSize(1);
            assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
            assertThat(r.body().get("errors").get(0).get("pointer").asString())
                    .isEqualTo(field.equals("body") ? "" : "/" + field.replace('.', '/'));
            assertThat(r.body().get("errors").get(0).get("message").asString()).isNotBlank();
        }
    }
}
