package dev.tally.control.security;

import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The users who may sign in, and their roles (ADMIN only, see {@link SecurityConfiguration}). */
@RestController
@RequestMapping("/api/users")
class UserController {

    private final AccountService accounts;

    UserController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** A user as listed (never the password or its hash). */
    record UserView(String username, Role role, boolean enabled, Instant createdAt) {

        static UserView of(UserAccount u) {
            return new UserView(u.getUsername(), u.getRole(), u.isEnabled(), u.getCreatedAt());
        }
    }

    /**
     * A new user.
     *
     * @param password 10 characters or more
     * @param role     VIEWER, OPERATOR or ADMIN
     */
    record NewUser(String username, String password, String role) {
    }

    /** Changes to a user; each null member is left as is. */
    record UserChange(String role, Boolean enabled, String password) {
    }

    /** Every user, by name. */
    @GetMapping
    List<UserView> list() {
        return accounts.list().stream().map(UserView::of).toList();
    }

    /** Creates a user: 201; 400 naming the field; 409 when the name is taken. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@RequestBody NewUser body) {
        return UserView.of(accounts.create(body.username(), body.password(), body.role()));
    }

    /**
     * Changes a user's role, whether it may sign in, or password: 200; 404 when there is no such user; 400 naming
     * the field (an admin cannot demote or disable themselves). Disabling a user stops their tokens at once.
     */
    @PutMapping("/{username}")
    UserView update(Authentication auth, @PathVariable String username, @RequestBody UserChange body) {
        return UserView.of(accounts.update(auth.getName(), username, body.role(), body.enabled(), body.password()));
    }
}
