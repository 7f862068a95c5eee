package dev.tally.control.deployment;

import dev.tally.control.web.FieldProblem;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.DatabindException;

/**
 * Problem details of the operations API: a refused plan is 409 with the reason and the plan (compatibility
 * report included); a body that cannot be read is 400 naming the field ({@code gate.timeout: ...}).
 */
@RestControllerAdvice(assignableTypes = OperationController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OperationProblems {

    @ExceptionHandler
    ProblemDetail refused(Plans.Refused e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("Operation refused");
        p.setProperty("plan", e.plan());
        return p;
    }

    @ExceptionHandler
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String detail = "body: not a valid JSON object";
        if (e.getCause() instanceof DatabindException d && !d.getPath().isEmpty()) {
            String field = d.getPath().stream().map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]"
                    : r.getPropertyName()).collect(Collectors.joining("."));
            detail = field + ": " + d.getOriginalMessage().split("\n")[0];
        }
        return FieldProblem.badRequest(detail);
    }
}
