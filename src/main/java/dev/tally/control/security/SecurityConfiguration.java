package dev.tally.control.security;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.http.HttpStatus;

/**
 * Who may call what. One ordered table of rules ({@link #RULES}, first match wins) decides every request, so
 * that a new endpoint is safe by default: any {@code GET} or {@code HEAD} on {@code /api/**} needs VIEWER, any
 * other method on {@code /api/**} needs OPERATOR, any {@code DELETE} (but unpinning) and everything under
 * {@code /api/users} needs ADMIN, and a request outside the API that is not a GET is denied. Public: the health
 * probes ({@code /actuator/health/**}), the dashboard's page and static assets (they hold no data; the page shows its sign-in form until signed in)
 * and the sign-in itself. Roles form the hierarchy ADMIN &gt; OPERATOR &gt; VIEWER.
 *
 * <p>Browsers sign in with {@code POST /api/session} (form fields {@code username}, {@code password}) and get a
 * session cookie; a cookie session must send the {@code XSRF-TOKEN} cookie's value in the {@code X-XSRF-TOKEN}
 * header on every changing request. Scripts send {@code Authorization: Bearer tly_...} instead: such a request is
 * stateless and needs no CSRF token. {@code DELETE /api/session} signs out.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** What a rule requires. */
    private enum Access { PUBLIC, SIGNED_IN, VIEWER, OPERATOR, ADMIN, DENIED }

    private record Rule(RequestMatcher matcher, Access access) {
    }

    /** The dashboard's page routes (see DashboardForwardingFilter) and static files. */
    private static final List<String> DASHBOARD = List.of("/", "/index.html", "/assets/**", "/favicon.ico",
            "/favicon.svg", "/jobs/**", "/savepoints", "/savepoints/**", "/audit", "/tokens", "/users");

    private static final List<Rule> RULES = rules();

    private static List<Rule> rules() {
        List<Rule> r = new java.util.ArrayList<>();
        r.add(new Rule(pathPattern(HttpMethod.GET, "/actuator/health"), Access.PUBLIC));
        r.add(new Rule(pathPattern(HttpMethod.GET, "/actuator/health/**"), Access.PUBLIC));
        DASHBOARD.forEach(p -> r.add(new Rule(pathPattern(HttpMethod.GET, p), Access.PUBLIC)));
        DASHBOARD.forEach(p -> r.add(new Rule(pathPattern(HttpMethod.HEAD, p), Access.PUBLIC)));
        // one's own account and tokens (revoking or listing someone else's is checked by TokenController)
        r.add(new Rule(pathPattern("/api/me"), Access.SIGNED_IN));
        r.add(new Rule(pathPattern("/api/me/**"), Access.SIGNED_IN));
        r.add(new Rule(pathPattern("/api/tokens"), Access.SIGNED_IN));
        r.add(new Rule(pathPattern("/api/tokens/**"), Access.SIGNED_IN));
        r.add(new Rule(pathPattern("/api/users"), Access.ADMIN));
        r.add(new Rule(pathPattern("/api/users/**"), Access.ADMIN));
        r.add(new Rule(pathPattern(HttpMethod.DELETE, "/api/jobs/*/savepoints/*/pin"), Access.OPERATOR));
        r.add(new Rule(pathPattern(HttpMethod.DELETE, "/**"), Access.ADMIN));
        r.add(new Rule(pathPattern(HttpMethod.GET, "/api/**"), Access.VIEWER));
        r.add(new Rule(pathPattern(HttpMethod.HEAD, "/api/**"), Access.VIEWER));
        r.add(new Rule(pathPattern("/api/**"), Access.OPERATOR));
        r.add(new Rule(pathPattern(HttpMethod.GET, "/**"), Access.VIEWER));
        r.add(new Rule(pathPattern(HttpMethod.HEAD, "/**"), Access.VIEWER));
        r.add(new Rule(AnyRequestMatcher.INSTANCE, Access.DENIED));
        return List.copyOf(r);
    }

    /** The role (or "sign-in") that {@code request} needs, for the text of a 403. */
    static String requiredRole(HttpServletRequest request) {
        return RULES.stream().filter(r -> r.matcher().matches(request)).findFirst()
                .map(r -> switch (r.access()) {
                    case PUBLIC, SIGNED_IN -> "sign-in";
                    case DENIED -> "a request Tally does not serve";
                    default -> "role " + r.access();
                }).orElse("nothing");
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(Role.ADMIN.name()).implies(Role.OPERATOR.name())
                .role(Role.OPERATOR.name()).implies(Role.VIEWER.name()).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain tallySecurity(HttpSecurity http, TokenService tokens, AccountService accounts,
            RoleHierarchy hierarchy, SecuritySettings settings, dev.tally.control.audit.AuditService audit)
            throws Exception {
        ProblemResponses problems = new ProblemResponses(audit);
        http.authorizeHttpRequests(a -> {
            // a forward to the dashboard's page, an error page or the rest of an SSE stream: the request that led
            // here has been authorised already
            a.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
            for (Rule rule : RULES) {
                a.requestMatchers(rule.matcher()).access(manager(rule.access(), hierarchy));
            }
        });
        // CSRF protects cookie sessions: a bearer request carries no cookie credentials, and a request without a
        // valid session is anonymous (401) anyway; the sign-in itself is always checked (no login CSRF)
        RequestMatcher signIn = pathPattern(HttpMethod.POST, "/api/session");
        http.csrf(c -> c.spa().ignoringRequestMatchers(BearerTokenFilter::hasBearer,
                r -> !r.isRequestedSessionIdValid() && !signIn.matches(r)));
        http.addFilterBefore(new BearerTokenFilter(tokens, problems), UsernamePasswordAuthenticationFilter.class);
        http.addFilterBefore(new SessionAccountFilter(accounts), UsernamePasswordAuthenticationFilter.class);
        http.addFilterBefore(new SignInThrottle(settings.signInMaxFailures(), settings.signInLockout(),
                java.time.Clock.systemUTC(), audit), UsernamePasswordAuthenticationFilter.class);
        http.formLogin(f -> f.loginPage("/").loginProcessingUrl("/api/session").permitAll()
                .successHandler(new SignedIn(audit)).failureHandler(problems));
        http.logout(l -> l.logoutRequestMatcher(pathPattern(HttpMethod.DELETE, "/api/session"))
                .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)));
        http.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                .defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE));
        http.requestCache(AbstractHttpConfigurer::disable);
        http.httpBasic(AbstractHttpConfigurer::disable);
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> manager(Access access, RoleHierarchy hierarchy) {
        return switch (access) {
            case PUBLIC -> (auth, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(true);
            case DENIED -> (auth, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(false);
            case SIGNED_IN -> AuthenticatedAuthorizationManager.authenticated();
            default -> {
                AuthorityAuthorizationManager<RequestAuthorizationContext> m =
                        AuthorityAuthorizationManager.hasRole(access.name());
                m.setRoleHierarchy(hierarchy);
                yield m;
            }
        };
    }
}
