package dev.tally.control.security;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can sign in, at start-up: with {@code tally.security.admin-password} configured, the admin
 * user ({@code tally.security.admin-username}) has that password; without it and with no user at all, it
 * creates the admin user with a generated password (20 random characters) and logs that password once, at WARN,
 * under "Tally created the first user". Only the password's hash is stored. No default password is shipped.
 */
@Component
class FirstAdmin implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountService accounts;
    private final SecuritySettings settings;

    FirstAdmin(AccountService accounts, SecuritySettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.adminPasswordConfigured()) {
            accounts.ensureAdmin(settings.adminUsername(), settings.adminPassword());
            log.info("Admin user '{}' has the configured password (tally.security.admin-password)",
                    settings.adminUsername());
            return;
        }
        if (accounts.anyUser()) {
            return;
        }
        String password = generate(20);
        accounts.ensureAdmin(settings.adminUsername(), password);
        log.warn("""

                ==========================================================================
                Tally created the first user. Sign in to the dashboard with
                    username: {}
                    password: {}
                This password is shown only now; only its hash is stored. Create more
                users on the Users page, API tokens on the Tokens page.
                ==========================================================================""",
                settings.adminUsername(), password);
    }

    /** {@code length} characters drawn uniformly from an alphabet without look-alikes (about 5.8 bits each). */
    static String generate(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
