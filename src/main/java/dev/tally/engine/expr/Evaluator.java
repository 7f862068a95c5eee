package dev.tally.engine.expr;

/** A compiled expression. Evaluators are stateless and thread-safe. */
@FunctionalInterface
public interface Evaluator {

    /** The value of the expression for a row: a String, Double, Boolean or null. */
    Object eval(Row row);

    /** True only when the value is {@link Boolean#TRUE}. */
    default boolean test(Row row) {
        return eval(row) == Boolean.TRUE;
    }
}
