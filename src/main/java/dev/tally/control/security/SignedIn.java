package dev.tally.control.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a successful sign-in ({@code POST /api/session}) with 200 and who signed in, as {@code GET /api/me}, and
 * writes it to the audit log.
 */
final class SignedIn implements AuthenticationSuccessHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final dev.tally.control.audit.AuditService audit;

    SignedIn(dev.tally.control.audit.AuditService audit) {
        this.audit = audit;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(MeController.Me.of(authentication)));
        ProblemResponses.signIn(audit, request, 200, null);
    }
}
