package dev.tally.control.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Who is signed in, so that the dashboard shows only what that role may do; and changing one's own password. */
@RestController
class MeController {

    private final AccountService accounts;
    private final org.springframework.security.crypto.password.PasswordEncoder encoder;

    MeController(AccountService accounts, org.springframework.security.crypto.password.PasswordEncoder encoder) {
        this.accounts = accounts;
        this.encoder = encoder;
    }

    /**
     * The signed-in user.
     *
     * @param username who
     * @param role     VIEWER, OPERATOR or ADMIN
     * @param via      {@code session} (signed in through the dashboard) or {@code token} (an API token)
     */
    record Me(String username, Role role, String via) {

        static Me of(Authentication auth) {
            Role role = Role.VIEWER;
            for (GrantedAuthority a : auth.getAuthorities()) {
                for (Role r : Role.values()) {
                    if (r.authority().equals(a.getAuthority()) && r.compareTo(role) > 0) {
                        role = r;
                    }
                }
            }
            return new Me(auth.getName(), role,
                    auth instanceof BearerTokenFilter.TokenAuthentication ? "token" : "session");
        }
    }

    /** Who made this request (401 when nobody is signed in). */
    @GetMapping("/api/me")
    Me me(Authentication auth) {
        return Me.of(auth);
    }

    /**
     * Changing one's own password.
     *
     * @param current the password now
     * @param password the new one, 10 characters or more
     */
    record PasswordChange(String current, String password) {
    }

    /**
     * Sets the signed-in user's password: 204; 400 naming {@code current} when it is wrong, or {@code password}
     * when the new one is too short or too long.
     */
    @PutMapping("/api/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Authentication auth, @RequestBody PasswordChange body) {
        UserAccount u = accounts.find(auth.getName()).orElseThrow();
        if (body.current() == null || !encoder.matches(body.current(), u.getPasswordHash())) {
            throw new IllegalArgumentException("current: not your current password");
        }
        accounts.update(auth.getName(), auth.getName(), null, null, body.password());
    }
}
