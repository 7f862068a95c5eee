package dev.tally.control.security;

import dev.tally.control.web.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * API tokens for scripts and CI. Every signed-in user lists, creates and revokes their own; an ADMIN also
 * lists everyone's ({@code ?all=true}), creates tokens for others and revokes anyone's. Another user's token is
 * answered 404 to a non-admin, as if it did not exist.
 */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    /**
     * A token as listed (never its secret).
     *
     * @param prefix    the secret's first characters, to tell tokens apart
     * @param expiresAt null: never
     * @param revokedAt null: not revoked
     * @param lastUsedAt when a request last used it, to within a minute; null: never
     */
    record TokenView(long id, String user, String name, String prefix, Instant createdAt, Instant expiresAt,
            Instant revokedAt, Instant lastUsedAt) {

        static TokenView of(ApiToken t) {
            return new TokenView(t.getId(), t.getUser().getUsername(), t.getName(), t.getPrefix(), t.getCreatedAt(),
                    t.getExpiresAt(), t.getRevokedAt(), t.getLastUsedAt());
        }
    }

    /**
     * A new token; {@code token} is the secret, shown only in this answer.
     */
    record CreatedToken(long id, String user, String name, String prefix, Instant createdAt, Instant expiresAt,
            String token) {
    }

    /**
     * What to create.
     *
     * @param name          what the token is for, 1..100 characters
     * @param expiresInDays 1..3650; null: until revoked
     * @param user          whose token (ADMIN only); null: the caller's
     */
    record NewToken(String name, Integer expiresInDays, String user) {
    }

    /** The caller's tokens, newest first; with {@code all=true} (ADMIN) everyone's. */
    @GetMapping
    List<TokenView> list(Authentication auth, @RequestParam(defaultValue = "false") boolean all) {
        if (all) {
            requireAdmin(auth, "all");
        }
        return tokens.list(all ? null : auth.getName()).stream().map(TokenView::of).toList();
    }

    /** Creates a token: 201 with its secret, shown once. 400 naming {@code name} or {@code expiresInDays}. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(Authentication auth, @RequestBody NewToken body) {
        String user = body.user() == null || body.user().equals(auth.getName()) ? auth.getName() : body.user();
        if (!user.equals(auth.getName())) {
            requireAdmin(auth, "user");
        }
        Duration life = body.expiresInDays() == null ? null : Duration.ofDays(body.expiresInDays());
        TokenService.Created c = tokens.create(user, body.name(), life);
        ApiToken t = c.token();
        return new CreatedToken(t.getId(), user, t.getName(), t.getPrefix(), t.getCreatedAt(), t.getExpiresAt(),
                c.secret());
    }

    /** Revokes a token at once: 200 with the token; 404 when there is no such token of the caller's. */
    @DeleteMapping("/{id}")
    TokenView revoke(Authentication auth, @PathVariable long id) {
        ApiToken t = tokens.find(id).orElseThrow(() -> new NotFoundException("no token with id " + id));
        if (!t.getUser().getUsername().equals(auth.getName()) && !MeController.Me.of(auth).role().equals(Role.ADMIN)) {
            throw new NotFoundException("no token with id " + id);
        }
        return TokenView.of(tokens.revoke(id));
    }

    private static void requireAdmin(Authentication auth, String parameter) {
        if (MeController.Me.of(auth).role() != Role.ADMIN) {
            throw new AccessDeniedException(parameter + ": only an ADMIN may see or manage other users' tokens");
        }
    }
}
