package dev.tally.control.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <token>}: a usable token makes the request act
 * as the token's user with that user's current role, for this request only (nothing is kept in a session); an
 * unknown, revoked or expired token is answered 401 at once, even when a session cookie is sent too. Requests
 * without the header pass through untouched. Thread-safe.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final TokenService tokens;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final RequestAttributeSecurityContextRepository repository =
            new RequestAttributeSecurityContextRepository();

    BearerTokenFilter(TokenService tokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
    }

    /** Whether the request carries a bearer token (and so needs no CSRF token). */
    static boolean hasBearer(HttpServletRequest request) {
        String h = request.getHeader("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiToken> token = tokens.authenticate(request.getHeader("Authorization").substring(7).strip());
        if (token.isEmpty()) {
            holder.clearContext();
            entryPoint.commence(request, response, new InvalidToken());
            return;
        }
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(new TokenAuthentication(token.get()));
        holder.setContext(context);
        repository.saveContext(context, request, response);
        chain.doFilter(request, response);
    }

    /** The authentication of a request made with an API token: its user's name and role. */
    static final class TokenAuthentication extends AbstractAuthenticationToken {

        private final String username;
        private final long tokenId;

        TokenAuthentication(ApiToken token) {
            super(List.of(new SimpleGrantedAuthority(token.getUser().getRole().authority())));
            this.username = token.getUser().getUsername();
            this.tokenId = token.getId();
            setAuthenticated(true);
        }

        /** The id of the token used. */
        long tokenId() {
            return tokenId;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return username;
        }
    }

    /** The token sent is unknown, revoked or expired. */
    static final class InvalidToken extends AuthenticationException {

        InvalidToken() {
            super("invalid API token");
        }
    }
}
