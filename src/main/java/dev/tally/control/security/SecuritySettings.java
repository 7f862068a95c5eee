package dev.tally.control.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code tally.security.*}.
 *
 * @param adminUsername the first user's name, created with role ADMIN when no user exists
 * @param adminPassword that user's password (also {@code TALLY_SECURITY_ADMIN_PASSWORD}); when set, the user is
 *                      created with it or, if it exists, its password is set to it at every start; when empty
 *                      and no user exists, a random password is generated and logged once
 * @param signInMaxFailures failed sign-ins of one user name in a row before its sign-ins are refused (429)
 * @param signInLockout     how long after its last failure such a name stays refused
 */
@ConfigurationProperties("tally.security")
public record SecuritySettings(@DefaultValue("admin") String adminUsername, @DefaultValue("") String adminPassword,
        @DefaultValue("5") int signInMaxFailures, @DefaultValue("60s") java.time.Duration signInLockout) {

    /** Whether an admin password is configured. */
    public boolean adminPasswordConfigured() {
        return adminPassword != null && !adminPassword.isEmpty();
    }
}
