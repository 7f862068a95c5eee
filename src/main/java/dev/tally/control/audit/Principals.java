package dev.tally.control.audit;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who made a request. Until sign-in exists (issue #15) it is what the client says in the {@value #HEADER}
 * header (trimmed, at most 100 printable characters), else {@value #ANONYMOUS}. Stateless.
 */
public final class Principals {

    /** The request header naming the user. */
    public static final String HEADER = "X-Tally-User";
    /** The principal of a request that names nobody. */
    public static final String ANONYMOUS = "anonymous";

    private Principals() {
    }

    /** The principal of {@code request}; never null or blank. */
    public static String of(HttpServletRequest request) {
        String name = request.getHeader(HEADER);
        if (name == null) {
            return ANONYMOUS;
        }
        name = name.strip();
        if (name.isEmpty() || name.length() > 100 || !name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            return ANONYMOUS;
        }
        return name;
    }
}
