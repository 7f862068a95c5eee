package dev.tally.engine.expr;

/** A static table that expressions read with {@code lookup("name", key)}. Implementations are immutable. */
@FunctionalInterface
public interface Lookup {

    /** The value for a key, or {@code null}. */
    String get(String key);
}
