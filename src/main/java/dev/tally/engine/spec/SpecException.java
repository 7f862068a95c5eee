package dev.tally.engine.spec;

import java.util.List;

/** A job spec that cannot be used, with every problem found. */
public final class SpecException extends RuntimeException {

    private final transient List<SpecError> errors;

    public SpecException(List<SpecError> errors) {
        super(errors.size() == 1 ? "invalid job spec: " + errors.get(0) : "invalid job spec: " + errors);
        this.errors = List.copyOf(errors);
    }

    public SpecException(String pointer, String message) {
        this(List.of(new SpecError(pointer, message)));
    }

    public List<SpecError> errors() {
        return errors;
    }
}
