package dev.tally.control;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A browser-like cookie session against the API: signs in with {@code POST /api/session} as the dashboard does
 * (form fields, the CSRF token of the {@code XSRF-TOKEN} cookie in {@code X-XSRF-TOKEN}) and keeps its cookies.
 */
final class Session {

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    private final String base;

    private Session(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Signs in as {@code user}.
     *
     * @throws IllegalStateException when the sign-in is refused (with the answer)
     */
    static Session signIn(int port, String user, String password) {
        Session s = new Session(port);
        s.send("GET", "/api/me", null, null, false); // 401, but sets the XSRF-TOKEN cookie
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = s.send("POST", "/api/session", "application/x-www-form-urlencoded", form, true);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("sign-in as " + user + ": " + r.statusCode() + " " + r.body());
        }
        return s;
    }

    /** The current value of the XSRF-TOKEN cookie, or null. */
    String csrfToken() {
        return cookies.getCookieStore().get(URI.create(base)).stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }

    /** Sends a request with the session cookie, and with the CSRF header when {@code withCsrf}. */
    HttpResponse<String> send(String method, String path, String contentType, String body, boolean withCsrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        String token = csrfToken();
        if (withCsrf && token != null) {
            b.header("X-XSRF-TOKEN", token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
