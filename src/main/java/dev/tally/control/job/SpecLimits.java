package dev.tally.control.job;

import dev.tally.control.system.LimitsProperties;
import dev.tally.engine.expr.Expressions;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.spec.SpecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The service's limits on job specs ({@code tally.limits.*}), checked before a spec is kept. */
@Component
public class SpecLimits {

    private final LimitsProperties limits;

    SpecLimits(LimitsProperties limits) {
        this.limits = limits;
    }

    /**
     * Refuses a spec text over {@code max-spec-bytes} before it is parsed.
     *
     * @throws SpecException with pointer {@code ""} (the whole spec)
     */
    public void checkSize(String text) {
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxSpecBytes().toBytes()) {
            throw new SpecException("", "is " + bytes + " bytes; a spec may have at most "
                    + limits.maxSpecBytes().toBytes() + " (tally.limits.max-spec-bytes)");
        }
    }

    /**
     * Refuses a parsed spec with a list longer than {@code max-list-items} or an expression longer or deeper than
     * allowed.
     *
     * @throws SpecException naming every such field by its JSON pointer
     */
    public void check(JobSpec spec) {
        List<SpecError> errors = new ArrayList<>();
        list(errors, "/aggregates", spec.aggregates().size());
        list(errors, "/lookups", spec.lookups().size());
        list(errors, "/sinks", spec.sinks().size());
        expression(errors, "/filter", spec.filter());
        expression(errors, "/key", spec.key());
        for (int i = 0; i < spec.aggregates().size(); i++) {
            AggregateSpec a = spec.aggregates().get(i);
            expression(errors, "/aggregates/" + i + "/field", a.field());
        }
        if (spec.evictor() != null) {
            expression(errors, "/evictor/field", spec.evictor().field());
        }
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
    }

    private void list(List<SpecError> errors, String pointer, int size) {
        if (size > limits.maxListItems()) {
            errors.add(new SpecError(pointer, "has " + size + " entries; at most " + limits.maxListItems()
                    + " (tally.limits.max-list-items)"));
        }
    }

    private void expression(List<SpecError> errors, String pointer, String text) {
        if (text == null) {
            return;
        }
        if (text.length() > limits.maxExpressionLength()) {
            errors.add(new SpecError(pointer, "is " + text.length() + " characters; an expression may have at most "
                    + limits.maxExpressionLength() + " (tally.limits.max-expression-length)"));
            return;
        }
        int depth = Expressions.parse(text).depth();
        if (depth > limits.maxExpressionDepth()) {
            errors.add(new SpecError(pointer, "is nested " + depth + " levels deep; at most "
                    + limits.maxExpressionDepth() + " (tally.limits.max-expression-depth)"));
        }
    }
}
