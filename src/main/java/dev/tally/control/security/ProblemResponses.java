package dev.tally.control.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.tally.control.audit.AuditService;
import dev.tally.control.audit.Principals;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 9457 problem details ({@code application/problem+json}) of refused sign-ins and requests: 401 when
 * the request is not signed in or its credentials are wrong, 403 when its role may not do it or a cookie
 * session's CSRF token is missing. Never an exception name or stack trace. Sign-ins (both ways) and the 403s of
 * requests that would have changed something (not GET, HEAD, OPTIONS) are written to the audit log, as the requests
 * that reach a controller are (the security filters answer these before any controller sees them). A request
 * refused because nobody signed in for it is not: it names nobody, and anyone who reaches the port could fill the
 * log with them. Thread-safe.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditService audit;

    ProblemResponses(AuditService audit) {
        this.audit = audit;
    }

    /** Not signed in, or a bearer token that is unknown, revoked or expired: 401. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String detail = e instanceof BearerTokenFilter.InvalidToken
                ? "the API token is unknown, revoked or expired"
                : "sign in first: in the dashboard, or with an API token in the header 'Authorization: Bearer tly_...'";
        response.setHeader("WWW-Authenticate", "Bearer realm=\"tally\"");
        write(request, response, 401, "Unauthorized", detail);
    }

    /** A wrong username or password at sign-in: 401. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        String detail = "wrong username or password, or the account is disabled";
        write(request, response, 401, "Sign-in failed", detail);
        signIn(audit, request, 401, detail);
    }

    /** Audits a sign-in: who tried (as the parameter {@code username}; nobody is signed in yet) and how it went. */
    static void signIn(AuditService audit, HttpServletRequest request, int status, String detail) {
        String name = request.getParameter("username");
        audit.record(status == 200 ? name : Principals.ANONYMOUS, "sign-in", request.getRequestURI(),
                "username=" + (name == null ? "" : name.strip()), status, detail);
    }

    private void auditIfChanging(HttpServletRequest request, int status, String detail) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
            audit.record(Principals.of(request), method.toLowerCase(java.util.Locale.ROOT), request.getRequestURI(),
                    "", status, detail);
        }
    }

    /** Signed in but not allowed, or a cookie session without its CSRF token: 403. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String detail = e instanceof CsrfException
                ? "missing or invalid CSRF token: send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header "
                        + "(or use an API token)"
                : "your role may not do this: " + request.getMethod() + " " + request.getRequestURI()
                        + " needs " + SecurityConfiguration.requiredRole(request);
        write(request, response, 403, "Forbidden", detail);
        auditIfChanging(request, 403, detail);
    }

    /** Writes an RFC 9457 problem detail with {@code status}, {@code title} and {@code detail}. */
    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
