package dev.tally.engine.io.decode;

import dev.tally.engine.expr.Row;
import java.util.Arrays;

/**
 * A reusable row of decoded field values. A field the layout reads as a whole number (the event time) may be
 * held as a {@code long} only; its value object is then made when an expression asks for it. Not thread-safe:
 * one per decoding thread.
 */
public final class DecodedRow implements Row {

    /** The slot holds no whole number. */
    static final byte NONE = 0;
    /** The slot holds a whole number that was a JSON string of digits. */
    static final byte DIGITS = 1;

    final Object[] values;
    final long[] longs;
    final byte[] longKinds;

    public DecodedRow(int size) {
        values = new Object[size];
        longs = new long[size];
        longKinds = new byte[size];
    }

    @Override
    public Object get(int slot) {
        Object v = values[slot];
        if (v == null && longKinds[slot] == DIGITS) {
            v = Long.toString(longs[slot]);
            values[slot] = v;
        }
        return v;
    }

    /** Whether the slot holds a whole number read straight from the record's digits. */
    public boolean hasLong(int slot) {
        return longKinds[slot] != NONE;
    }

    /** The whole number in the slot (only when {@link #hasLong}). */
    public long longValue(int slot) {
        return longs[slot];
    }

    void clear() {
        Arrays.fill(values, null);
        Arrays.fill(longKinds, NONE);
    }
}
