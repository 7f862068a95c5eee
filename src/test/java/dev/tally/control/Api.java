package dev.tally.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.HashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the REST API, as a user's script would call it: with an API token in
 * {@code Authorization: Bearer}. {@code new Api(port)} acts as the admin whose password every test application is
 * started with ({@link #ADMIN_PASSWORD}); its token is created once per port by signing in as the dashboard does.
 */
final class Api {

    /** The admin's user name. */
    static final String ADMIN = "admin";
    /** The admin password the tests start the application with ({@code tally.security.admin-password}). */
    static final String ADMIN_PASSWORD = "e2e-admin-password";
    /** The same as a command line argument. */
    static final String ADMIN_PASSWORD_ARG = "--tally.security.admin-password=" + ADMIN_PASSWORD;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> TOKENS = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final int port;
    private final boolean admin;
    private volatile String token;

    /** As the admin. */
    Api(int port) {
        this(port, adminToken(port), true);
    }

    /** With {@code token} (null: without any credentials). */
    Api(int port, String token) {
        this(port, token, false);
    }

    private Api(int port, String token, boolean admin) {
        this.base = "http://127.0.0.1:" + port;
        this.port = port;
        this.token = token;
        this.admin = admin;
    }

    /** The admin's API token for the application on {@code port}, created on first use. */
    static synchronized String adminToken(int port) {
        String key = port + "/" + ADMIN;
        if (!TOKENS.containsKey(key)) {
            TOKENS.put(key, createToken(Session.signIn(port, ADMIN, ADMIN_PASSWORD)));
        }
        return TOKENS.get(key);
    }

    /**
     * An API token of {@code user} with {@code role}, created with the user by the admin on first use per port
     * (so that the user's own audit entries are only what the test makes them do).
     */
    static synchronized String tokenOf(int port, String user, String role) {
        String key = port + "/" + user;
        if (TOKENS.containsKey(key)) {
            return TOKENS.get(key);
        }
        String password = "pw-" + user + "-" + java.util.UUID.randomUUID();
        Response created = new Api(port).post("/api/users", "application/json",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("creating user " + user + ": " + created.status() + " " + created.body());
        }
        Response token = new Api(port).post("/api/tokens", "application/json",
                "{\"name\":\"tests\",\"user\":\"" + user + "\"}");
        if (token.status() != 201) {
            throw new IllegalStateException("creating a token of " + user + ": " + token.status() + " " + token.body());
        }
        TOKENS.put(key, token.body().get("token").asString());
        return TOKENS.get(key);
    }

    /** The HTTP header value that authenticates as the admin: {@code Bearer <token>}. */
    static String adminAuthorization(int port) {
        return "Bearer " + adminToken(port);
    }

    private static String createToken(Session session) {
        HttpResponse<String> r = session.send("POST", "/api/tokens", "application/json", "{\"name\":\"tests\"}", true);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a token: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("token").asString();
    }

    /** Status, content type and parsed body of a response. */
    record Response(int status, String contentType, JsonNode body) {
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** Any request: {@code method} on {@code path} with an optional JSON body. */
    Response send(String method, String path, String json) {
        return send(method, path, json == null ? null : "application/json", json, null);
    }

    /**
     * Any request: {@code method} with {@code body} (none when null) of {@code contentType} (none when null),
     * accepting {@code accept} (any when null).
     */
    Response send(String method, String path, String contentType, String body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b);
    }

    private Response send(HttpRequest.Builder request) {
        Response r = sendOnce(request.copy());
        if (r.status() == 401 && admin) {
            // another application got this port since the token was created (a restart with a new database)
            synchronized (Api.class) {
                TOKENS.remove(port + "/" + ADMIN);
            }
            token = adminToken(port);
            r = sendOnce(request);
        }
        return r;
    }

    private Response sendOnce(HttpRequest.Builder request) {
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode body = r.body().isEmpty() ? null : type.contains("json") ? JSON.readTree(r.body())
                    : JSON.getNodeFactory().textNode(r.body());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
