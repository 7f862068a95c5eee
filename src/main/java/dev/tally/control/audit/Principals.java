package dev.tally.control.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Who made a request: the name of the signed-in user (a dashboard session or an API token's user, as Spring
 * Security authenticated it), else {@value #ANONYMOUS}. A client cannot name itself. Stateless.
 */
public final class Principals {

    /** The principal of a request that nobody signed in for (only public requests, such as the health probes). */
    public static final String ANONYMOUS = "anonymous";

    private Principals() {
    }

    /** The principal of {@code request}; never null or blank. */
    public static String of(HttpServletRequest request) {
        Principal p = request.getUserPrincipal();
        return p == null || p.getName() == null || p.getName().isBlank() ? ANONYMOUS : p.getName();
    }
}
