package dev.tally.control.flink;

import dev.tally.control.web.ServerPaths;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details of the Flink runner: 409 for a spec Flink cannot run (with its compatibility report as
 * {@code features}), 502 when Flink refused a request or did not answer (Flink's answer in the detail).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FlinkProblems {

    private final ServerPaths paths;

    FlinkProblems(ServerPaths paths) {
        this.paths = paths;
    }

    @ExceptionHandler
    ProblemDetail unsupported(UnsupportedOnFlinkException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, paths.hide(e.getMessage()));
        p.setTitle("Not runnable on Flink");
        p.setProperty("features", e.report().features());
        return p;
    }

    @ExceptionHandler
    ProblemDetail flink(FlinkException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, paths.hide(e.getMessage()));
        p.setTitle("Flink refused");
        if (e.status() != 0) {
            p.setProperty("flinkStatus", e.status());
        }
        return p;
    }
}
