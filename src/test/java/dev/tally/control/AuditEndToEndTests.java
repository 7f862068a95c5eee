package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every changing request lands in the audit log with its principal and outcome; reading changes nothing. */
class AuditEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private int post(String path, String user, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Bearer " + Api.tokenOf(port, user, "OPERATOR"));
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void recordsWhoChangedWhatAndHowItEndedAndFiltersAndPagesTheLog() throws Exception {
        Api api = new Api(port);
        String spec = KnownEvents.spec("audit-job", "audit-topic");
        assertThat(post("/api/jobs", "alice", "application/yaml", spec)).isEqualTo(201);
        assertThat(post("/api/jobs/audit-missing/deploy", "bob", null, null)).isEqualTo(404);
        assertThat(post("/api/jobs/audit-job/deploy?policy=sideways", "dave", null, null)).isEqualTo(400);
        int before = api.get("/api/audit?size=500").body().get("total").asInt();
        api.get("/api/jobs/audit-job");
        assertThat(api.get("/api/audit?size=500").body().get("total").asInt()).as("reads are not recorded")
                .isEqualTo(before);

        JsonNode alice = api.get("/api/audit?principal=alice").body();
        assertThat(alice.get("total").asInt()).isEqualTo(1);
        JsonNode submitted = alice.get("items").get(0);
        assertThat(submitted.get("action").asString()).isEqualTo("submit");
        assertThat(submitted.get("target").asString()).isEqualTo("/api/jobs");
        assertThat(submitted.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(submitted.get("status").asInt()).isEqualTo(201);
        assertThat(submitted.get("parameters").asString()).matches("body=\\d+ bytes");

        JsonNode refused = api.get("/api/audit?target=/api/jobs/audit-missing&outcome=refused").body();
        assertThat(refused.get("total").asInt()).isEqualTo(1);
        JsonNode bob = refused.get("items").get(0);
        assertThat(bob.get("principal").asString()).isEqualTo("bob");
        assertThat(bob.get("action").asString()).isEqualTo("deploy");
        assertThat(bob.get("status").asInt()).isEqualTo(404);
        assertThat(bob.get("detail").asString()).contains("audit-missing");

        JsonNode dave = api.get("/api/audit?target=/api/jobs/audit-job/deploy").body().get("items").get(0);
        assertThat(dave.get("principal").asString()).isEqualTo("dave");
        assertThat(dave.get("parameters").asString()).isEqualTo("policy=sideways");
        assertThat(dave.get("detail").asString()).contains("policy");

        int total = api.get("/api/audit?size=500").body().get("total").asInt();
        assertThat(post("/api/jobs/audit-job/deploy", null, null, null)).as("nobody signed in").isEqualTo(401);
        assertThat(api.get("/api/audit?size=500").body().get("total").asInt())
                .as("a request refused before it names anyone changes nothing").isEqualTo(total);

        JsonNode page = api.get("/api/audit?target=/api/jobs/audit-&size=1&page=1").body();
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("principal").asString()).as("newest first").isEqualTo("bob");

        Api.Response bad = api.get("/api/audit?outcome=maybe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").asString()).startsWith("outcome:");
        assertThat(api.get("/api/audit?size=0").body().get("detail").asString()).startsWith("size:");
    }
}
