package dev.tally.control.security;

import dev.tally.control.web.ConflictException;
import dev.tally.control.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The users who may sign in: creates them, changes their role, password and whether they are enabled, and loads
 * them for Spring Security's sign-in. Passwords are stored only as {@link PasswordEncoder} hashes. Thread-safe.
 */
@Service
public class AccountService implements UserDetailsService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    /** bcrypt reads at most 72 bytes. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final int MIN_PASSWORD = 10;

    private final UserAccountRepository users;
    private final PasswordEncoder encoder;
    private final Clock clock = Clock.systemUTC();

    AccountService(UserAccountRepository users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        UserAccount u = users.findByUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(u.getUsername()).password(u.getPasswordHash()).disabled(!u.isEnabled())
                .authorities(u.getRole().authority()).build();
    }

    /** Every user, by name. */
    @Transactional(readOnly = true)
    public List<UserAccount> list() {
        return users.findAll(org.springframework.data.domain.Sort.by("username"));
    }

    /** The user named {@code username}, if any. */
    @Transactional(readOnly = true)
    public java.util.Optional<UserAccount> find(String username) {
        return users.findByUsername(username);
    }

    /**
     * Creates an enabled user.
     *
     * @throws IllegalArgumentException naming {@code username}, {@code password} or {@code role} when invalid
     * @throws ConflictException        when the name is taken
     */
    @Transactional
    public UserAccount create(String username, String password, String role) {
        String name = username(username);
        checkPassword(password);
        Role r = Role.parse(role);
        if (users.findByUsername(name).isPresent()) {
            throw new ConflictException("username: '" + name + "' is taken");
        }
        return users.save(new UserAccount(name, encoder.encode(password), r, clock.instant()));
    }

    /**
     * Changes a user: each non-null argument is applied. An admin cannot take away their own ADMIN role or
     * disable themselves (so that an admin remains).
     *
     * @param actor the signed-in user asking
     * @throws NotFoundException        when there is no such user
     * @throws IllegalArgumentException naming {@code password}, {@code role} or {@code enabled} when invalid
     */
    @Transactional
    public UserAccount update(String actor, String username, String role, Boolean enabled, String password) {
        UserAccount u = users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("no user named '" + username + "'"));
        Role r = role == null ? null : Role.parse(role);
        if (password != null) {
            checkPassword(password);
        }
        if (u.getUsername().equals(actor) && r != null && r != Role.ADMIN) {
            throw new IllegalArgumentException("role: you cannot take away your own ADMIN role");
        }
        if (u.getUsername().equals(actor) && Boolean.FALSE.equals(enabled)) {
            throw new IllegalArgumentException("enabled: you cannot disable yourself");
        }
        if (r != null) {
            u.setRole(r);
        }
        if (enabled != null) {
            u.setEnabled(enabled);
        }
        if (password != null) {
            u.setPasswordHash(encoder.encode(password));
        }
        return u;
    }

    /**
     * Ensures {@code username} exists as an enabled ADMIN whose password is {@code password}: creates it, or
     * resets the existing user's password, role and state.
     */
    @Transactional
    void ensureAdmin(String username, String password) {
        UserAccount u = users.findByUsername(username).orElse(null);
        if (u == null) {
            users.save(new UserAccount(username(username), encoder.encode(password), Role.ADMIN, clock.instant()));
            return;
        }
        if (!encoder.matches(password, u.getPasswordHash())) {
            u.setPasswordHash(encoder.encode(password));
        }
        u.setRole(Role.ADMIN);
        u.setEnabled(true);
    }

    /** Whether any user exists. */
    @Transactional(readOnly = true)
    boolean anyUser() {
        return users.count() > 0;
    }

    private static String username(String text) {
        if (text == null || !NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("username: 1 to 100 letters, digits, '.', '_', '@' or '-', "
                    + "starting with a letter or digit");
        }
        return text;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("password: at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password: at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
    }
}
