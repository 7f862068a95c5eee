package dev.tally.control.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class SignInThrottleTests {

    private Instant now = Instant.parse("2026-11-29T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofSeconds(60), clock, null);

    /** The sign-in behind the filter answers {@code status}; returns what the caller got. */
    private MockHttpServletResponse signIn(String user, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/session");
        request.setServletPath("/api/session");
        request.addParameter("username", user);
        MockHttpServletResponse response = new MockHttpServletResponse();
        throttle.doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest q, jakarta.servlet.http.HttpServletResponse r) {
                r.setStatus(status);
            }
        }));
        return response;
    }

    @Test
    void locksANameOutAfterItsFailuresInARowUntilTheLockoutHasPassedSinceTheLast() throws Exception {
        signIn("ann", 401);
        signIn("ann", 401);
        signIn("ann", 401);
        MockHttpServletResponse refused = signIn("ann", 200);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("60");
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(signIn("bob", 200).getStatus()).as("other names are not locked").isEqualTo(200);

        now = now.plusSeconds(59);
        assertThat(signIn("ANN", 200).getStatus()).isEqualTo(429);
        assertThat(signIn("ann", 200).getHeader("Retry-After")).isEqualTo("1");
        now = now.plusSeconds(1);
        assertThat(signIn("ann", 401).getStatus()).as("after the lockout: one more try").isEqualTo(401);
        assertThat(signIn("ann", 200).getStatus()).as("one failure after a lockout counts anew").isEqualTo(200);
        signIn("ann", 401);
        signIn("ann", 401);
        assertThat(signIn("ann", 200).getStatus()).as("the success cleared the count").isEqualTo(200);
    }

    @Test
    void otherRequestsPassUntouched() throws Exception {
        for (int i = 0; i < 5; i++) {
            signIn("cat", 401);
        }
        MockHttpServletRequest other = new MockHttpServletRequest("GET", "/api/me");
        other.setServletPath("/api/me");
        MockHttpServletResponse response = new MockHttpServletResponse();
        throttle.doFilter(other, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SignInThrottle(0, Duration.ofSeconds(1), clock, null));
    }
}
