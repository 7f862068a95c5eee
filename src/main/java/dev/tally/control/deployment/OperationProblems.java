package dev.tally.control.deployment;

import dev.tally.control.web.FieldProblem;
import dev.tally.control.web.UnreadableBody;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details of the operations API: a refused plan is 409 with the reason and the plan (compatibility
 * report included); a body that cannot be read is 400 naming the field ({@code gate.checkpoints: expected a whole
 * number}; see {@link UnreadableBody}).
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
        return FieldProblem.badRequest(UnreadableBody.detail(e));
    }
}
