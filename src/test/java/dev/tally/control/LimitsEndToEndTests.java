package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service's limits ({@code tally.limits.*}, defaults): a body over 1 MB is 413, whether its length is declared
 * or not; a spec over 256 KB, an expression longer than 2000 characters or nested deeper than 32 levels, a list of
 * more than 64 aggregates and a state query of more than 1000 keys are 400 naming the field; nothing is created.
 */
class LimitsEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    private void refused(String name, String spec, String pointer, String message) {
        SpecRefusals.refused(new Api(port), name, spec, pointer, message);
    }

    private static String spec(String name) {
        return KnownEvents.spec(name, name);
    }

    @Test
    void aSpecOverTheSizeLimitIsRefusedAsAWhole() {
        String big = spec("e2e-big") + "description: \"" + "x".repeat(300 * 1024) + "\"\n";
        refused("e2e-big", big, "", "tally.limits.max-spec-bytes");
    }

    @Test
    void longAndDeepExpressionsAreRefusedNamingTheField() {
        String spec = spec("e2e-deep");
        String key = spec.lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow();
        String deep = "(".repeat(40) + "ad_id" + ")".repeat(40);
        refused("e2e-deep", spec.replace(key, "key: " + "lower(".repeat(40) + "ad_id" + ")".repeat(40)), "/key",
                "max-expression-depth");
        assertThat(new Api(port).post("/api/jobs", "application/yaml", spec.replace(key, "key: " + deep)).status())
                .as("parentheses alone add no depth").isEqualTo(201);
        refused("e2e-long", spec("e2e-long").replace(key, "key: concat(ad_id" + ", 'x'".repeat(700) + ")"), "/key",
                "max-expression-length");
        String filter = "filter: " + "1 + ".repeat(300) + "1 > 0\n";
        refused("e2e-deeper", spec("e2e-deeper") + filter, "/filter", "256");
        String hostile = "filter: \"" + "(".repeat(100_000) + "\"\n";
        refused("e2e-parens", spec("e2e-parens") + hostile, "/filter", "256");
    }

    @Test
    void tooManyAggregatesAreRefused() {
        StringBuilder aggregates = new StringBuilder("aggregates:\n");
        for (int i = 0; i < 65; i++) {
            aggregates.append("  - { name: n").append(i).append(", kind: count }\n");
        }
        String spec = spec("e2e-many").replaceAll("(?m)^aggregates:.*$", "") + aggregates;
        refused("e2e-many", spec, "/aggregates", "max-list-items");
    }

    @Test
    void aStateQueryOfTooManyKeysIsRefused() {
        Api api = new Api(port);
        for (String limit : new String[] {"0", "1001", "-1"}) {
            Api.Response r = api.get("/api/jobs/any/savepoints/0123456789abcdef0123456789abcdef/state?limit=" + limit);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body().get("detail").asString()).startsWith("limit: ").contains("1000");
        }
    }

    @Test
    void bodiesOverTheRequestLimitAre413WithOrWithoutALength() throws Exception {
        byte[] body = ("{\"name\": \"" + "x".repeat(1100 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        for (HttpRequest.BodyPublisher publisher : new HttpRequest.BodyPublisher[] {
                HttpRequest.BodyPublishers.ofByteArray(body),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/jobs")).header("Content-Type", "application/json")
                    .header("Authorization", Api.adminAuthorization(port)).POST(publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("tally.limits.max-request-bytes").doesNotContain("Exception");
        }
    }
}
