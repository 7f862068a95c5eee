package dev.tally.control.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Which requests the dashboard's page URLs forward to its index, and which pass through to the API and assets. */
class DashboardForwardingFilterTests {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @ParameterizedTest
    @CsvSource({
            "GET, /, " + "'" + BROWSER + "', /index.html",
            "GET, /jobs/campaign-views, text/html, /index.html",
            "GET, /jobs/campaign-views/versions/1/diff/2, '" + BROWSER + "', /index.html",
            "HEAD, /audit, text/html, /index.html",
            "GET, /savepoints, text/html, /index.html",
            "GET, /api/jobs, text/html, ",
            "GET, /api/nope, '" + BROWSER + "', ",
            "GET, /assets/index-abc123.js, '" + BROWSER + "', ",
            "GET, /jobs/campaign-views, application/json, ",
            "GET, /jobs/campaign-views, '*/*', ",
            "GET, /jobs/campaign-views, , ",
            "GET, /jobs/campaign-views, 'not a media type', ",
            "POST, /jobs/campaign-views, text/html, ",
            "GET, /unknown-page, text/html, ",
            "GET, /actuator/health, text/html, "})
    void forwardsOnlyBrowserRequestsForTheDashboardsPages(String method, String path, String accept, String forwardedTo)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        new DashboardForwardingFilter().doFilter(request, response, chain);

        assertThat(response.getForwardedUrl()).isEqualTo(forwardedTo);
        assertThat(chain.getRequest()).as("passed down the chain").isEqualTo(forwardedTo == null ? request : null);
    }
}
