package dev.tally.control.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a signed-in browser session in step with its user: on every request of a cookie session the user is
 * read again, so that a disabled or removed user's session ends at once (the request goes on unauthenticated,
 * hence 401) and a changed role applies to the next request without signing in again. Requests with an API
 * token are checked by {@link BearerTokenFilter} instead. Thread-safe.
 */
final class SessionAccountFilter extends OncePerRequestFilter {

    private final AccountService accounts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    SessionAccountFilter(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = holder.getContext().getAuthentication();
        if (auth instanceof UsernamePasswordAuthenticationToken session && session.isAuthenticated()) {
            Optional<UserAccount> user = accounts.find(session.getName()).filter(UserAccount::isEnabled);
            if (user.isEmpty()) {
                holder.clearContext();
                HttpSession s = request.getSession(false);
                if (s != null) {
                    s.invalidate();
                }
            } else if (session.getAuthorities().stream()
                    .noneMatch(a -> a.getAuthority().equals(user.get().getRole().authority()))) {
                UsernamePasswordAuthenticationToken updated = UsernamePasswordAuthenticationToken.authenticated(
                        session.getPrincipal(), null,
                        List.of(new SimpleGrantedAuthority(user.get().getRole().authority())));
                SecurityContext context = holder.createEmptyContext();
                context.setAuthentication(updated);
                holder.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
