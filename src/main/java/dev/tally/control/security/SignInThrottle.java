package dev.tally.control.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down password guessing at sign-in ({@code POST /api/session}): after {@code maxFailures} failed sign-ins
 * of one user name in a row, further sign-ins of that name are refused with 429 and a {@code Retry-After} header
 * (seconds) until {@code lockout} has passed since the last failure, whatever the password; a successful sign-in
 * clears the count. Keyed by user name (case-insensitive) rather than address, so that guessing from many addresses
 * is slowed as much; the price is that someone who knows a user name can keep its owner from signing in with a
 * password for a while (API tokens keep working). As OWASP's authentication cheat sheet's account lockout. At most
 * {@link #MAX_NAMES} names are tracked (the oldest entries are dropped first). Thread-safe.
 */
final class SignInThrottle extends OncePerRequestFilter {

    /** Most user names with failures kept at once. */
    static final int MAX_NAMES = 10_000;

    private record Failures(int count, long lastMillis) {
    }

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final dev.tally.control.audit.AuditService audit;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /**
     * @param maxFailures failed sign-ins in a row before a name is locked out, ≥ 1
     * @param lockout     how long after its last failure a locked-out name stays refused
     * @throws IllegalArgumentException when {@code maxFailures} &lt; 1 or {@code lockout} is negative
     */
    /** @param audit where a refused sign-in is recorded; null records nothing (unit tests) */
    SignInThrottle(int maxFailures, Duration lockout, Clock clock, dev.tally.control.audit.AuditService audit) {
        if (maxFailures < 1 || lockout.isNegative()) {
            throw new IllegalArgumentException("tally.security.sign-in-max-failures must be at least 1 and "
                    + "tally.security.sign-in-lockout not negative");
        }
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/api/session".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = request.getParameter("username");
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        long now = clock.millis();
        Failures f = failures.get(name);
        if (f != null && f.count() >= maxFailures && now - f.lastMillis() < lockout.toMillis()) {
            long wait = Math.max(1, (f.lastMillis() + lockout.toMillis() - now + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(wait));
            String detail = f.count() + " failed sign-ins of this user name in a row: try again in " + wait
                    + " s, or use an API token";
            ProblemResponses.write(request, response, 429, "Too many sign-in attempts", detail);
            if (audit != null) {
                ProblemResponses.signIn(audit, request, 429, detail);
            }
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            if (failures.size() >= MAX_NAMES) {
                failures.entrySet().stream().min((a, b) -> Long.compare(a.getValue().lastMillis(),
                        b.getValue().lastMillis())).ifPresent(e -> failures.remove(e.getKey()));
            }
            failures.merge(name, new Failures(1, now), (old, one) ->
                    new Failures(now - old.lastMillis() >= lockout.toMillis() && old.count() >= maxFailures
                            ? 1 : old.count() + 1, now));
        } else if (response.getStatus() == HttpServletResponse.SC_OK) {
            failures.remove(name);
        }
    }
}
