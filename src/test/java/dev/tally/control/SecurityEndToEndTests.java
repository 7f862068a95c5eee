package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in, roles, tokens and CSRF against the running application. The endpoints are read from the OpenAPI
 * description, so that an endpoint added later is checked too: nobody signed in gets 401 on every one; a VIEWER
 * gets 403 on every one that can change something (except on their own tokens and password) and on the user
 * list; an OPERATOR gets 403 on the ADMIN ones. A revoked token stops working at once; a cookie session needs the
 * CSRF token, a bearer request does not.
 */
class SecurityEndToEndTests extends EndToEndSupport {

    /** Changing endpoints every signed-in user may call for their own account. */
    private static final Set<String> SELF_SERVICE = Set.of("POST /api/tokens", "DELETE /api/tokens/{id}",
            "PUT /api/me/password");
    /** Endpoints only an ADMIN may call. */
    private static final Set<String> ADMIN_ONLY = Set.of("GET /api/users", "POST /api/users",
            "PUT /api/users/{username}", "DELETE /api/jobs/{name}/savepoints/{id}");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One operation of the API: method and path template. */
    private record Endpoint(String method, String path) {

        @Override
        public String toString() {
            return method + " " + path;
        }

        /** The path with each {variable} filled in with something harmless that names nothing. */
        String concrete() {
            return path.replaceAll("\\{(id|version|a|b)}", "1").replaceAll("\\{[^}]+}", "no-such-thing");
        }

        boolean changes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    private List<Endpoint> endpoints() {
        JsonNode paths = new Api(port).get("/api/openapi").body().get("paths");
        List<Endpoint> all = new ArrayList<>();
        paths.properties().forEach(p -> p.getValue().properties().forEach(m ->
                all.add(new Endpoint(m.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey()))));
        return all;
    }

    /** Status and content type of one request, without waiting for an endless body (the event stream). */
    private HttpResponse<InputStream> call(Endpoint e, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + e.concrete()))
                .method(e.method(), e.changes() ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (e.changes()) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r;
    }

    @Test
    void theOpenApiDescriptionListsTheEndpointsThisTestChecks() {
        List<String> all = endpoints().stream().map(Endpoint::toString).toList();
        assertThat(all).hasSizeGreaterThan(30).contains("POST /api/jobs", "POST /api/jobs/{name}/deploy",
                "GET /api/me", "POST /api/tokens", "POST /api/users");
        assertThat(all).containsAll(SELF_SERVICE).containsAll(ADMIN_ONLY);
    }

    @Test
    void nobodySignedInGets401ProblemOnEveryEndpointButTheHealthProbes() throws Exception {
        for (Endpoint e : endpoints()) {
            HttpResponse<InputStream> r = call(e, null);
            assertThat(r.statusCode()).as(e.toString()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(e.toString())
                    .startsWith("application/problem+json");
        }
        Api anonymous = new Api(port, null);
        assertThat(anonymous.get("/api/jobs").body().get("detail").asString()).contains("sign in");
        // open without sign-in; health and readiness are 503 while another test's deployment has failed in this
        // shared application (HealthEndToEndTests covers UP and DOWN), liveness is always UP
        for (String probe : List.of("/actuator/health", "/actuator/health/readiness")) {
            Api.Response r = anonymous.get(probe);
            assertThat(r.status()).as(probe).isIn(200, 503);
            assertThat(r.body().get("status").asString()).as(probe).isIn("UP", "DOWN");
        }
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/docs").status()).isEqualTo(401);
        assertThat(new Api(port, "tly_not-a-token").get("/api/jobs").status()).isEqualTo(401);
    }

    @Test
    void aViewerReadsButGets403OnEveryChangingEndpoint() throws Exception {
        String viewer = Api.tokenOf(port, "sec-viewer", "VIEWER");
        List<String> allowedChanges = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            HttpResponse<InputStream> r = call(e, viewer);
            if (ADMIN_ONLY.contains(e.toString()) || (e.changes() && !SELF_SERVICE.contains(e.toString()))) {
                assertThat(r.statusCode()).as(e.toString()).isEqualTo(403);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(e.toString())
                        .startsWith("application/problem+json");
            } else {
                assertThat(r.statusCode()).as(e.toString()).isNotIn(401, 403);
                if (e.changes()) {
                    allowedChanges.add(e.toString());
                }
            }
        }
        assertThat(allowedChanges).containsExactlyInAnyOrderElementsOf(SELF_SERVICE);
        Api.Response refused = new Api(port, viewer).post("/api/jobs/x/deploy");
        assertThat(refused.body().get("detail").asString()).contains("needs role OPERATOR");
        JsonNode me = new Api(port, viewer).get("/api/me").body();
        assertThat(me.get("username").asString()).isEqualTo("sec-viewer");
        assertThat(me.get("role").asString()).isEqualTo("VIEWER");
        assertThat(me.get("via").asString()).isEqualTo("token");
    }

    @Test
    void anOperatorGets403OnTheAdminEndpointsAndOnOtherUsersTokens() throws Exception {
        String operator = Api.tokenOf(port, "sec-operator", "OPERATOR");
        for (Endpoint e : endpoints()) {
            if (ADMIN_ONLY.contains(e.toString())) {
                assertThat(call(e, operator).statusCode()).as(e.toString()).isEqualTo(403);
            }
        }
        Api op = new Api(port, operator);
        assertThat(op.get("/api/tokens?all=true").status()).isEqualTo(403);
        assertThat(op.post("/api/tokens", "application/json", "{\"name\":\"x\",\"user\":\"admin\"}").status())
                .isEqualTo(403);
        long adminTokenId = new Api(port).get("/api/tokens").body().get(0).get("id").asLong();
        assertThat(op.delete("/api/tokens/" + adminTokenId).status()).as("someone else's token").isEqualTo(404);
        assertThat(new Api(port).get("/api/me").status()).as("the admin's token still works").isEqualTo(200);
        assertThat(new Api(port).get("/api/tokens?all=true").body().size()).isGreaterThan(1);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        Api admin = new Api(port);
        String user = Api.tokenOf(port, "sec-revoke", "OPERATOR"); // creates the user
        Api.Response created = admin.post("/api/tokens", "application/json",
                "{\"name\":\"ci\",\"user\":\"sec-revoke\",\"expiresInDays\":30}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.body().get("token").asString();
        assertThat(secret).startsWith("tly_").hasSizeGreaterThan(40);
        assertThat(lastUsed(new Api(port, user), "ci")).as("never used yet").isNull();
        Api ci = new Api(port, secret);
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        assertThat(ci.get("/api/me").body().get("username").asString()).isEqualTo("sec-revoke");
        JsonNode listed = new Api(port, user).get("/api/tokens").body();
        assertThat(listed.toString()).as("the secret is shown only once").doesNotContain(secret);
        assertThat(listed.valueStream().map(t -> t.get("name").asString()).toList()).contains("ci");
        assertThat(java.time.Instant.parse(lastUsed(new Api(port, user), "ci"))).as("used just now")
                .isAfter(before).isBefore(java.time.Instant.now().plusSeconds(1));

        long id = created.body().get("id").asLong();
        assertThat(new Api(port, user).delete("/api/tokens/" + id).status()).isEqualTo(200);
        assertThat(ci.get("/api/me").status()).as("revoked").isEqualTo(401);
        assertThat(ci.get("/api/jobs").status()).isEqualTo(401);

        assertThat(admin.put("/api/users/sec-revoke", "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(new Api(port, user).get("/api/me").status()).as("a disabled user's token").isEqualTo(401);
        assertThat(admin.put("/api/users/sec-revoke", "{\"enabled\":true}").status()).isEqualTo(200);
        assertThat(new Api(port, user).get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void aCookieSessionNeedsTheCsrfTokenAndABearerRequestDoesNot() {
        Api.tokenOf(port, "sec-csrf", "OPERATOR");
        String password = "sec-csrf-password-1";
        assertThat(new Api(port).put("/api/users/sec-csrf", "{\"password\":\"" + password + "\"}").status())
                .isEqualTo(200);
        Session session = Session.signIn(port, "sec-csrf", password);
        assertThat(session.send("GET", "/api/me", null, null, false).body()).contains("\"via\":\"session\"");
        String spec = KnownEvents.spec("sec-csrf-job", "sec-csrf-topic");

        HttpResponse<String> forged = session.send("POST", "/api/jobs", "application/yaml", spec, false);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF");
        assertThat(new Api(port).get("/api/jobs/sec-csrf-job").status()).as("nothing changed").isEqualTo(404);

        assertThat(session.send("POST", "/api/jobs", "application/yaml", spec, true).statusCode()).isEqualTo(201);
        assertThat(new Api(port).get("/api/jobs/sec-csrf-job/versions").body().get(0).get("author").asString())
                .as("the author is the signed-in user").isEqualTo("sec-csrf");

        Api bearer = new Api(port, Api.tokenOf(port, "sec-csrf", "OPERATOR"));
        assertThat(bearer.post("/api/jobs", "application/yaml", spec.replace("10s", "20s")).status())
                .as("no CSRF token needed with a bearer token").isEqualTo(201);

        assertThat(session.send("DELETE", "/api/session", null, null, false).statusCode()).as("sign-out needs it too")
                .isEqualTo(403);
        assertThat(session.send("DELETE", "/api/session", null, null, true).statusCode()).isEqualTo(204);
        assertThat(session.send("GET", "/api/me", null, null, false).statusCode()).as("signed out").isEqualTo(401);
    }

    @Test
    void aSessionFollowsItsUsersRoleAndEndsWhenTheUserIsDisabled() {
        Api admin = new Api(port);
        String password = "sec-session-password";
        assertThat(admin.post("/api/users", "application/json", "{\"username\":\"sec-session\",\"password\":\""
                + password + "\",\"role\":\"VIEWER\"}").status()).isEqualTo(201);
        Session session = Session.signIn(port, "sec-session", password);
        String spec = KnownEvents.spec("sec-session-job", "sec-session-topic");
        assertThat(session.send("POST", "/api/jobs", "application/yaml", spec, true).statusCode()).isEqualTo(403);

        assertThat(admin.put("/api/users/sec-session", "{\"role\":\"OPERATOR\"}").status()).isEqualTo(200);
        assertThat(session.send("GET", "/api/me", null, null, false).body()).contains("\"role\":\"OPERATOR\"");
        assertThat(session.send("POST", "/api/jobs", "application/yaml", spec, true).statusCode())
                .as("the new role applies without signing in again").isEqualTo(201);

        assertThat(admin.put("/api/users/sec-session", "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(session.send("GET", "/api/me", null, null, false).statusCode()).as("disabled").isEqualTo(401);
        assertThat(admin.put("/api/users/sec-session", "{\"enabled\":true}").status()).isEqualTo(200);
        assertThat(session.send("GET", "/api/me", null, null, false).statusCode()).as("the session ended")
                .isEqualTo(401);
    }

    @Test
    void aWrongPasswordIsA401ProblemAndTheSessionNeverHoldsThePassword() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Session.signIn(port, Api.ADMIN, "wrong-password"));
        assertThat(e.getMessage()).contains("401").contains("wrong username or password");
        JsonNode users = new Api(port).get("/api/users").body();
        assertThat(users.toString()).doesNotContain("password").doesNotContain("bcrypt");
        assertThat(new Api(port).post("/api/users", "application/json",
                "{\"username\":\"sec-short\",\"password\":\"short\",\"role\":\"VIEWER\"}").body().get("detail")
                .asString()).startsWith("password:");
        assertThat(new Api(port).post("/api/users", "application/json",
                "{\"username\":\"sec-role\",\"password\":\"long-enough-1\",\"role\":\"ROOT\"}").body().get("detail")
                .asString()).startsWith("role:");
    }

    /** Five failed sign-ins of one name in a row lock that name out (429), even with the right password. */
    @Test
    void repeatedWrongPasswordsLockTheUserNameOutButNotOthers() {
        Api admin = new Api(port);
        assertThat(admin.post("/api/users", "application/json",
                "{\"username\":\"sec-guessed\",\"password\":\"right-password-1\",\"role\":\"VIEWER\"}")
                .status()).isEqualTo(201);
        for (int i = 0; i < 4; i++) {
            assertThat(signInStatus("sec-guessed", "guess-" + i)).isEqualTo(401);
        }
        assertThat(signInStatus("sec-guessed", "right-password-1")).as("a success clears the count").isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(signInStatus("SEC-guessed", "guess-" + i)).as("attempt %d", i + 1).isEqualTo(401);
        }
        IllegalStateException locked = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Session.signIn(port, "sec-guessed", "right-password-1"));
        assertThat(locked.getMessage()).contains("429", "Too many sign-in attempts", "try again in");
        assertThat(Session.signIn(port, Api.ADMIN, Api.ADMIN_PASSWORD)).as("another name is not locked").isNotNull();
    }

    /**
     * Sign-ins and refused changes of a signed-in principal reach the audit log like the controllers' refusals;
     * refused reads, and requests that name nobody (anyone could send them by the million), do not.
     */
    @Test
    void refusedChangesAndSignInsAreAuditedButRefusedReadsAndAnonymousRequestsAreNot() throws Exception {
        String viewer = Api.tokenOf(port, "sec-audited", "VIEWER");
        assertThat(call(new Endpoint("POST", "/api/jobs/sec-audit-anon/deploy"), null).statusCode()).isEqualTo(401);
        assertThat(call(new Endpoint("POST", "/api/jobs/sec-audit-viewer/deploy"), viewer).statusCode())
                .isEqualTo(403);
        assertThat(call(new Endpoint("GET", "/api/jobs/sec-audit-read"), null).statusCode()).isEqualTo(401);
        assertThat(signInStatus("sec-audit-nobody", "wrong-password")).isEqualTo(401);
        Session.signIn(port, Api.ADMIN, Api.ADMIN_PASSWORD);
        Api admin = new Api(port);

        assertThat(admin.get("/api/audit?target=/api/jobs/sec-audit-anon").body().get("items")).isEmpty();
        JsonNode denied = admin.get("/api/audit?target=/api/jobs/sec-audit-viewer").body().get("items");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("principal").asString()).isEqualTo("sec-audited");
        assertThat(denied.get(0).get("action").asString()).isEqualTo("post");
        assertThat(denied.get(0).get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(denied.get(0).get("status").asInt()).isEqualTo(403);
        assertThat(denied.get(0).get("detail").asString()).contains("needs role OPERATOR");
        assertThat(admin.get("/api/audit?target=/api/jobs/sec-audit-read").body().get("items")).isEmpty();
        JsonNode signIns = admin.get("/api/audit?action=sign-in&size=500").body().get("items");
        assertThat(signIns.toString()).contains("username=sec-audit-nobody");
        boolean failed = false;
        boolean admitted = false;
        for (JsonNode e : signIns) {
            failed |= e.get("parameters").asString().equals("username=sec-audit-nobody")
                    && e.get("status").asInt() == 401 && e.get("principal").asString().equals("anonymous");
            admitted |= e.get("principal").asString().equals(Api.ADMIN) && e.get("status").asInt() == 200;
        }
        assertThat(failed).as("the failed sign-in").isTrue();
        assertThat(admitted).as("the admin's sign-in").isTrue();
    }

    /** The {@code lastUsedAt} of the caller's token named {@code name}, null when never used. */
    private static String lastUsed(Api api, String name) {
        JsonNode t = api.get("/api/tokens").body().valueStream().filter(x -> x.get("name").asString().equals(name))
                .findFirst().orElseThrow();
        return t.get("lastUsedAt").isNull() ? null : t.get("lastUsedAt").asString();
    }

    private int signInStatus(String user, String password) {
        try {
            Session.signIn(port, user, password);
            return 200;
        } catch (IllegalStateException e) {
            return Integer.parseInt(e.getMessage().replaceAll(".*?: (\\d{3}) .*", "$1").substring(0, 3));
        }
    }
}
