package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A deep link into the dashboard opens its page; the API's unknown paths stay problem details. */
class DashboardRoutesEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept).header("Authorization", Api.adminAuthorization(port)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void deepLinkToAJobPageAnswersTheDashboardsIndex() throws Exception {
        assumeTrue(new ClassPathResource("static/index.html").exists(), "frontend not built (-Dskip.frontend)");
        String index = get("/index.html", "text/html").body();

        HttpResponse<String> page = get("/jobs/x", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).isEqualTo(index).contains("<div id=\"app\">");
        assertThat(get("/jobs/x/versions/1/diff/2", "text/html").body()).isEqualTo(index);
        assertThat(get("/audit", "text/html").body()).isEqualTo(index);
    }

    @Test
    void unknownApiPathIsANotFoundProblemEvenForABrowser() throws Exception {
        for (String accept : new String[] {"application/json", "text/html,application/xhtml+xml,*/*;q=0.8"}) {
            HttpResponse<String> r = get("/api/nope", accept);
            assertThat(r.statusCode()).as(accept).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(accept)
                    .startsWith("application/problem+json");
            JsonNode problem = JsonMapper.builder().build().readTree(r.body());
            assertThat(problem.get("status").asInt()).isEqualTo(404);
        }
    }
}
