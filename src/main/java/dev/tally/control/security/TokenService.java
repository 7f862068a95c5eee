package dev.tally.control.security;

import dev.tally.control.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: {@value #PREFIX} followed by 32 random bytes in URL-safe base64 (256 bits), shown once when
 * created and stored only as the hex SHA-256 of the whole token. Every request looks its token up in the
 * database, so a revoked token, an expired one or one whose user is disabled stops working at once (no cache).
 * Thread-safe.
 */
@Service
public class TokenService {

    /** What every token starts with, so that a leaked one is easy to recognise. */
    public static final String PREFIX = "tly_";
    /** How exactly a token's last use is recorded. */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    private final ApiTokenRepository tokens;
    private final UserAccountRepository users;
    private final Clock clock = Clock.systemUTC();

    TokenService(ApiTokenRepository tokens, UserAccountRepository users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** A created token and its secret, which is not stored and cannot be shown again. */
    public record Created(ApiToken token, String secret) {
    }

    /**
     * Creates a token for {@code username}.
     *
     * @param name      what it is for, 1..100 characters
     * @param expiresIn how long it works; null = until revoked; at most 3650 days
     * @throws IllegalArgumentException naming {@code name} or {@code expiresInDays} when invalid
     * @throws NotFoundException        when the user does not exist
     */
    @Transactional
    public Created create(String username, String name, Duration expiresIn) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw new IllegalArgumentException("name: 1 to 100 characters saying what the token is for");
        }
        if (expiresIn != null
                && (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_LIFETIME) > 0)) {
            throw new IllegalArgumentException("expiresInDays: must be between 1 and 3650");
        }
        UserAccount user = users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("no user named '" + username + "'"));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        ApiToken t = tokens.save(new ApiToken(user, name.strip(), hash(secret),
                secret.substring(0, PREFIX.length() + 6), now, expiresIn == null ? null : now.plus(expiresIn)));
        return new Created(t, secret);
    }

    /** The tokens of {@code username}, or everyone's when null; newest first. */
    @Transactional(readOnly = true)
    public List<ApiToken> list(String username) {
        return username == null ? tokens.findAllByOrderByIdDesc() : tokens.findByUserUsernameOrderByIdDesc(username);
    }

    /** The token with this id. */
    @Transactional(readOnly = true)
    public Optional<ApiToken> find(long id) {
        return tokens.findById(id);
    }

    /**
     * Revokes a token; revoking a revoked token changes nothing.
     *
     * @throws NotFoundException when there is no such token
     */
    @Transactional
    public ApiToken revoke(long id) {
        ApiToken t = tokens.findById(id).orElseThrow(() -> new NotFoundException("no token with id " + id));
        t.revoke(clock.instant());
        return t;
    }

    /**
     * The usable token whose secret is {@code secret}: not revoked, not expired, its user enabled. Records that it
     * was used now when its last use is older than {@link #LAST_USED_PRECISION} (at most one write a minute per
     * token, however busy).
     */
    @Transactional
    public Optional<ApiToken> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> token = tokens.findByTokenHash(hash(secret)).filter(t -> t.usableAt(now));
        token.filter(t -> t.getLastUsedAt() == null || t.getLastUsedAt().plus(LAST_USED_PRECISION).isBefore(now))
                .ifPresent(t -> tokens.used(t.getId(), now));
        return token;
    }

    /** The hex SHA-256 of {@code secret}'s UTF-8 bytes. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
