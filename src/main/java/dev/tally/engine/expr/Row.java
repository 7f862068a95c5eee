package dev.tally.engine.expr;

/** The decoded fields of one event, by slot. Values are {@link String}, {@link Double}, {@link Boolean} or null. */
public interface Row {

    /** The value in a slot, or {@code null} when the event does not have that field. */
    Object get(int slot);

    /**
     * Whether the slot holds the string whose UTF-8 bytes are {@code utf8}, answered without making the value
     * when the row can: 1 equal, 0 not equal, -1 "ask {@link #get}".
     */
    default int textEquals(int slot, byte[] utf8) {
        return -1;
    }

    /** {@code table}'s value for the slot's value as text, or null (rows may look up without making the key). */
    default String lookup(int slot, Lookup table) {
        String k = Values.text(get(slot));
        return k == null ? null : table.get(k);
    }
}
