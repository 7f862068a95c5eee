package dev.tally.engine.expr;

/** The decoded fields of one event, by slot. Values are {@link String}, {@link Double}, {@link Boolean} or null. */
public interface Row {

    /** The value in a slot, or {@code null} when the event does not have that field. */
    Object get(int slot);
}
