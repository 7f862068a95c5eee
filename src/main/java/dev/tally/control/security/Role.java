package dev.tally.control.security;

/**
 * What a user may do; each role includes the ones below it (ADMIN &gt; OPERATOR &gt; VIEWER, see
 * {@link SecurityConfiguration#roleHierarchy()}).
 */
public enum Role {
    /** Reads everything: jobs, results, deployments, savepoints, the audit log. */
    VIEWER,
    /** Changes jobs: submit, deploy, savepoint, upgrade, rescale, suspend, resume, drain, cancel, pin, replays. */
    OPERATOR,
    /** Manages users and everyone's tokens, and deletes savepoints and jobs. */
    ADMIN;

    /** The Spring Security authority of this role, e.g. {@code ROLE_OPERATOR}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /**
     * The role named {@code text} (any case).
     *
     * @throws IllegalArgumentException naming the field {@code role} when it is not VIEWER, OPERATOR or ADMIN
     */
    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(text.strip())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role: must be VIEWER, OPERATOR or ADMIN");
    }
}
