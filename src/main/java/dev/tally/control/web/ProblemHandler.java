package dev.tally.control.web;

import dev.tally.engine.spec.SpecException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns errors into RFC 9457 problem details; never an exception class name, a stack trace or a server path
 * (messages pass through {@link ServerPaths}).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final ServerPaths paths;

    ProblemHandler(ServerPaths paths) {
        this.paths = paths;
    }

    @ExceptionHandler
    ProblemDetail invalidSpec(SpecException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                paths.hide(e.errors().size() == 1 ? "Invalid job spec: " + e.errors().get(0)
                        : "Invalid job spec: " + e.errors().size() + " problems"));
        p.setTitle("Invalid job spec");
        List<Map<String, String>> errors = e.errors().stream()
                .map(err -> Map.of("pointer", err.pointer(), "message", paths.hide(err.message()))).toList();
        p.setProperty("errors", errors);
        return p;
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail concurrentChange(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "the resource was changed by another request; reload and try again");
    }

    @ExceptionHandler
    ProblemDetail missingSnapshot(dev.tally.engine.snapshot.SnapshotNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail refusedSnapshot(dev.tally.engine.snapshot.SnapshotException e) {
        return problem(HttpStatus.CONFLICT, "Snapshot refused", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail bodyTooLarge(RequestSizeFilter.BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Content too large", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badArgument(IllegalArgumentException e) {
        return FieldProblem.badRequest(paths.hide(e.getMessage()));
    }

    /** A signed-in user whose role may not do what a controller checked itself: 403. */
    @ExceptionHandler
    ProblemDetail forbidden(org.springframework.security.access.AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    /** Anything else is a defect: logged with its stack trace, answered without it. */
    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("Request failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request failed on the server; its log says why");
    }

    private ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, paths.hide(detail));
        p.setTitle(title);
        return p;
    }
}
