package dev.tally.control.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Records every API request that can change something (POST, PUT, PATCH, DELETE) in the audit log once it has
 * completed: principal, action (the handler's name), target (the path), parameters (the query parameters; a
 * request body is recorded by its size only, since a spec can be large), outcome and, for a refusal, the
 * problem detail's text. Read-only requests are not recorded.
 */
final class AuditInterceptor implements HandlerInterceptor {

    /** Request attribute under which {@link ProblemCapture} leaves a problem detail's text. */
    static final String DETAIL = AuditInterceptor.class.getName() + ".detail";

    private final AuditService audit;

    AuditInterceptor(AuditService audit) {
        this.audit = audit;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String action = handler instanceof HandlerMethod h ? h.getMethod().getName() : method.toLowerCase();
        Object detail = request.getAttribute(DETAIL);
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        audit.record(Principals.of(request), action, request.getRequestURI(), parameters(request), status,
                detail != null ? detail.toString() : ex != null ? "internal error" : null);
    }

    private static String parameters(HttpServletRequest request) {
        Map<String, String[]> sorted = new TreeMap<>(request.getParameterMap());
        String query = sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join(",", e.getValue())).collect(Collectors.joining("&"));
        long body = request.getContentLengthLong();
        if (body > 0) {
            query = query + (query.isEmpty() ? "" : "&") + "body=" + body + " bytes";
        }
        return query;
    }
}
