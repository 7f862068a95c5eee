package dev.tally.control.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Forwards the dashboard's own page URLs ({@code /}, {@code /jobs/...}, {@code /savepoints}, {@code /audit}, {@code /tokens}, {@code /users}) to
 * its {@code /index.html} when a browser asks for HTML, so that deep links and reloads open the right page; the
 * dashboard's router then reads the URL. Only GET (and HEAD) requests whose {@code Accept} names
 * {@code text/html} explicitly are forwarded: {@code /api/**}, the static assets and every other request pass
 * through untouched (and an unknown {@code /api} path stays a 404 problem). As Spring Boot Admin's
 * {@code HomepageForwardingFilter}. Thread-safe (immutable).
 */
@Component
class DashboardForwardingFilter extends OncePerRequestFilter {

    /** The dashboard's page, served from the jar's static resources. */
    static final String INDEX = "/index.html";

    /** The routes of {@code frontend/src/router.ts}. */
    private static final List<PathPattern> ROUTES = routes("/", "/jobs/**", "/savepoints", "/savepoints/**",
            "/experiments", "/audit", "/tokens", "/users");

    private static List<PathPattern> routes(String... patterns) {
        PathPatternParser parser = new PathPatternParser();
        return java.util.Arrays.stream(patterns).map(parser::parse).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isPage(request)) {
            request.getRequestDispatcher(INDEX).forward(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether the request is a browser asking for one of the dashboard's pages. */
    static boolean isPage(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PathContainer container = PathContainer.parsePath(path);
        return ROUTES.stream().anyMatch(p -> p.matches(container)) && acceptsHtml(request.getHeader(HttpHeaders.ACCEPT));
    }

    /** True when {@code accept} names text/html itself (a bare {@code *}{@code /*} from a script does not count). */
    private static boolean acceptsHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(m -> !m.isWildcardType() && m.isCompatibleWith(MediaType.TEXT_HTML));
        } catch (InvalidMediaTypeException e) {
            return false; // an unreadable Accept header is not a browser asking for a page
        }
    }
}
