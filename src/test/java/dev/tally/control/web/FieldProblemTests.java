package dev.tally.control.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/** A 400 names its field machine-readably, as invalid specs do: errors [{pointer, field, message}]. */
class FieldProblemTests {

    @Test
    void namesTheFieldAsAPointerIntoTheBody() {
        ProblemDetail p = FieldProblem.badRequest("gate.timeout: not a duration: soon");
        assertThat(p.getStatus()).isEqualTo(400);
        assertThat(p.getDetail()).isEqualTo("gate.timeout: not a duration: soon");
        assertThat(p.getProperties()).containsEntry("errors", List.of(Map.of("pointer", "/gate/timeout", "field",
                "gate.timeout", "message", "not a duration: soon")));
        assertThat(FieldProblem.pointer("body")).isEmpty();
        assertThat(FieldProblem.pointer("sinks[0].topic")).isEqualTo("/sinks/0/topic");
    }

    @Test
    void addsNoErrorsWhenTheDetailNamesNoField() {
        assertThat(FieldProblem.badRequest("something went wrong").getProperties()).isNull();
        assertThat(FieldProblem.badRequest("two words: no field").getProperties()).isNull();
    }
}
