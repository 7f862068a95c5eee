package dev.tally.control.web;

import dev.tally.control.system.LimitsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code tally.limits.max-request-bytes} on every endpoint with 413 and a problem
 * detail: at once when the {@code Content-Length} says so, else (a chunked body) when reading passes the limit
 * ({@link BodyTooLargeException}, answered by {@link ProblemHandler}). Runs first, before anything reads the body.
 * Thread-safe (immutable).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long max;

    RequestSizeFilter(LimitsProperties limits) {
        this.max = limits.maxRequestBytes().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > max) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader("Connection", "close");
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "Content too large");
            problem.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
            problem.put("detail", BodyTooLargeException.message(max));
            problem.put("instance", request.getRequestURI());
            response.getWriter().write(JSON.writeValueAsString(problem));
            return;
        }
        chain.doFilter(length >= 0 ? request : new Limited(request, max), response);
    }

    /** A request body of unknown length, counted as it is read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long max;
        private long read;

        Counting(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private int count(int n) {
            if (n > 0) {
                read += n;
                if (read > max) {
                    throw new BodyTooLargeException(max);
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return count(in.read(b, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /** A request body that passed {@code tally.limits.max-request-bytes} while it was read. */
    static final class BodyTooLargeException extends RuntimeException {

        BodyTooLargeException(long max) {
            super(message(max));
        }

        static String message(long max) {
            return "the request body is larger than " + max + " bytes (tally.limits.max-request-bytes)";
        }
    }
}
