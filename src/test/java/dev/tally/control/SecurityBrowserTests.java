package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tally.control.system.KafkaConnection;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sign-in and roles in headless Chromium ({@code frontend/e2e/security.e2e.mjs}): a VIEWER, an OPERATOR and the
 * ADMIN each sign in through the sign-in page and see only what their role may do; the admin creates a user and
 * an API token through the pages, the token works, is revoked and stops working at once. Skipped only when the
 * build skipped the frontend.
 */
class SecurityBrowserTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Test
    void eachRoleSeesOnlyWhatItMayDoAndTokensAreMadeAndRevokedInThePages() throws Exception {
        assumeFalse(Boolean.getBoolean("tally.frontend.skipped"), "frontend build skipped (-Dskip.frontend)");
        Api admin = new Api(port);
        String job = "e2e-roles";
        KnownEvents.produce(kafka.bootstrapServers(), job);
        assertThat(admin.post("/api/jobs", "application/yaml", KnownEvents.spec(job, job)).status()).isEqualTo(201);
        assertThat(admin.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> admin.get("/api/jobs/" + job + "/results").body().get("results").size() == 4);
        Api.Response savepoint = admin.post("/api/jobs/" + job + "/savepoints", "application/json", "{\"stop\":false}");
        assertThat(savepoint.status()).as(String.valueOf(savepoint.body())).isEqualTo(201);
        for (String[] u : new String[][] {{"ui-viewer", "VIEWER"}, {"ui-operator", "OPERATOR"}}) {
            assertThat(admin.post("/api/users", "application/json", "{\"username\":\"" + u[0]
                    + "\",\"password\":\"" + u[0] + "-password\",\"role\":\"" + u[1] + "\"}").status()).isEqualTo(201);
        }

        String output = BrowserScript.run(port, "security", Map.of("TALLY_JOB", job,
                "TALLY_VIEWER", "ui-viewer",
                "TALLY_VIEWER_PASSWORD", "ui-viewer-password",
                "TALLY_OPERATOR", "ui-operator",
                "TALLY_OPERATOR_PASSWORD", "ui-operator-password",
                "TALLY_SCREENSHOTS", Path.of("target", "security-screenshots").toAbsolutePath() .toString()),
                Duration.ofSeconds(180));
        assertThat(output).contains("security e2e: ok");

        assertThat(admin.get("/api/users").body().valueStream().map(u -> u.get("username").asString()).toList())
                .as("made on the Users page").contains("ui-made-user");
        assertThat(admin.get("/api/audit?principal=admin&action=create").body().get("total").asInt())
                .as("the page's changes are the admin's in the audit log").isPositive();
        assertThat(admin.post("/api/jobs/" + job + "/stop").status()).isEqualTo(200);
    }
}
