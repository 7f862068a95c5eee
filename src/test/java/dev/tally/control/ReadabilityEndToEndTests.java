package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What the API says reads as the product's own terms: a job without checkpoints says so, savepoint state names
 * its values as results do, and the OpenAPI description has the product's title with a browsable page.
 */
class ReadabilityEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void jobWithoutCheckpointsSaysSoAndSavepointStateNamesItsValues() throws Exception {
        Api api = new Api(port);
        KnownEvents.produce(kafka.bootstrapServers(), "e2e-readable");
        assertThat(api.post("/api/jobs", "application/yaml", KnownEvents.spec("e2e-readable", "e2e-readable"))
                .status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-readable/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/jobs/e2e-readable/results").body().get("results").size() == 4);
        assertThat(api.get("/api/jobs/e2e-readable/results").body().get("checkpoints").get("mode").asString())
                .isEqualTo("NONE");

        Api.Response taken = api.post("/api/jobs/e2e-readable/savepoints", "application/json", "{\"stop\":true}");
        assertThat(taken.status()).isEqualTo(201);
        JsonNode state = api.get("/api/jobs/e2e-readable/savepoints/" + taken.body().get("id").asString()
                + "/state?key=campaign-000&windowStart=" + (KnownEvents.T0 + 60_000)).body();
        assertThat(state.get(0).get("values").toString()).isEqualTo("{\"views\":2}");
    }

    @Test
    void openApiHasTheProductsTitleAndABrowsablePage() throws Exception {
        JsonNode info = new Api(port).get("/api/openapi").body().get("info");
        assertThat(info.get("title").asString()).isEqualTo("Tally API");
        assertThat(info.get("version").asString()).isNotEqualTo("v0").isNotBlank();
        assertThat(info.get("description").asString()).contains("counting");

        HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/docs"))
                        .header("Authorization", Api.adminAuthorization(port)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("swagger");
    }
}
