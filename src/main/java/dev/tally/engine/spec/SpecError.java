package dev.tally.engine.spec;

/**
 * One problem in a job spec.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending field, for example {@code /window/size}
 * @param message what is wrong, in plain words
 */
public record SpecError(String pointer, String message) {

    @Override
    public String toString() {
        return pointer + ": " + message;
    }
}
