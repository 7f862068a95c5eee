package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Versions record who submitted them and why; a diff lists every changed field, classified as restore would. */
class VersionsEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    private int submit(String spec, String user, String note) throws Exception {
        String query = note == null ? "" : "?note=" + java.net.URLEncoder.encode(note, java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs" + query))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(spec));
        b.header("Authorization", user == null ? Api.adminAuthorization(port)
                : "Bearer " + Api.tokenOf(port, user, "OPERATOR"));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void versionsKeepAuthorAndNoteAndDiffClassifiesEachChangedField() throws Exception {
        Api api = new Api(port);
        String v1 = KnownEvents.spec("versions-job", "versions-topic");
        String v2 = v1.replace("size: 10s", "size: 5s").replace("end-to-end test job", "five-second windows")
                .replace("event_type == \"view\"", "event_type == \"view\" and ad_id != \"x\"");
        assertThat(submit(v1, "carol", "first cut")).isEqualTo(201);
        assertThat(submit(v2, null, null)).isEqualTo(201);

        JsonNode versions = api.get("/api/jobs/versions-job/versions").body();
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("author").asString()).isEqualTo("carol");
        assertThat(versions.get(0).get("note").asString()).isEqualTo("first cut");
        assertThat(versions.get(1).get("author").asString()).as("the admin's token").isEqualTo(Api.ADMIN);
        assertThat(versions.get(1).get("note").isNull()).isTrue();
        assertThat(api.get("/api/jobs/versions-job/versions/2").body().get("spec").get("window").get("size")
                .asString()).isEqualTo("5s");

        JsonNode diff = api.get("/api/jobs/versions-job/versions/1/diff/2").body();
        assertThat(diff.get("stateCompatible").asBoolean()).isFalse();
        Map<String, JsonNode> byField = new HashMap<>();
        diff.get("changes").forEach(c -> byField.put(c.get("field").asString(), c));
        assertThat(byField).containsOnlyKeys("/description", "/filter", "/window/size");
        JsonNode size = byField.get("/window/size");
        assertThat(size.get("from").asString()).isEqualTo("10s");
        assertThat(size.get("to").asString()).isEqualTo("5s");
        assertThat(size.get("stateCompatible").asBoolean()).isFalse();
        assertThat(size.get("reason").asString()).isNotBlank();
        assertThat(byField.get("/filter").get("stateCompatible").asBoolean()).isTrue();
        assertThat(byField.get("/description").get("reason").asString()).isEqualTo("does not affect window state");
        assertThat(api.get("/api/jobs/versions-job/versions/2/diff/2").body().get("changes").size()).isZero();

        assertThat(api.get("/api/jobs/versions-job/versions/9").status()).isEqualTo(404);
        assertThat(api.get("/api/jobs/versions-job/versions/1/diff/9").status()).isEqualTo(404);
        assertThat(api.get("/api/jobs/no-such-job/versions").status()).isEqualTo(404);
        assertThat(submit(v1.replace("10s", "20s"), "carol", "x".repeat(2001))).isEqualTo(400);
        assertThat(api.get("/api/jobs/versions-job/versions").body().size()).as("a refused submission changes nothing")
                .isEqualTo(2);
    }
}
