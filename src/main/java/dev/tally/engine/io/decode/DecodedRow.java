package dev.tally.engine.io.decode;

import dev.tally.engine.expr.Lookup;
import dev.tally.engine.expr.Row;
import java.nio.charset.StandardCharsets;

/**
 * A reusable row of decoded field values. Fields are kept as the decoder found them until an expression asks:
 * a string of digits the layout reads as a whole number (the event time) as a {@code long}; a JSON number
 * without fraction or exponent within the 64-bit range as an exact {@code long} (expressions see it as a
 * {@link Double}, aggregates read the long: see {@link #isInteger}); a plain string (no
 * escapes) as a view of the record's bytes, compared and looked up without making a String. The value object
 * is made, once, when {@link #get} asks for it. Not thread-safe: one per decoding thread.
 */
public final class DecodedRow implements Row {

    /** The slot holds no whole number. */
    static final byte NONE = 0;
    /** The slot holds a whole number that was a JSON string of digits. */
    static final byte DIGITS = 1;
    /** The slot holds a whole number that was a JSON integer literal. */
    static final byte INTEGER = 2;

    final Object[] values;
    final long[] longs;
    final byte[] longKinds;
    /** Where a slot's plain string starts in {@link #source}, and its length in bytes (-1: not a view). */
    private final int[] textFrom;
    private final int[] textLength;
    private byte[] source;

    public DecodedRow(int size) {
        values = new Object[size];
        longs = new long[size];
        longKinds = new byte[size];
        textFrom = new int[size];
        textLength = new int[size];
        java.util.Arrays.fill(textLength, -1);
    }

    @Override
    public Object get(int slot) {
        Object v = values[slot];
        if (v == null) {
            if (longKinds[slot] == DIGITS) {
                v = Long.toString(longs[slot]);
                values[slot] = v;
            } else if (longKinds[slot] == INTEGER) {
                v = (double) longs[slot];
                values[slot] = v;
            } else if (textLength[slot] >= 0) {
                v = new String(source, textFrom[slot], textLength[slot], StandardCharsets.UTF_8);
                values[slot] = v;
            }
        }
        return v;
    }

    @Override
    public int textEquals(int slot, byte[] utf8) {
        int n = textLength[slot];
        if (n < 0) {
            return -1;
        }
        if (n != utf8.length) {
            return 0;
        }
        int from = textFrom[slot];
        for (int i = 0; i < n; i++) {
            if (source[from + i] != utf8[i]) {
                return 0;
            }
        }
        return 1;
    }

    @Override
    public String lookup(int slot, Lookup table) {
        int n = textLength[slot];
        return n >= 0 ? table.get(source, textFrom[slot], n) : Row.super.lookup(slot, table);
    }

    /** Whether the slot holds a string of digits read into a whole number (see {@link FieldLayout#readDigits}). */
    public boolean hasLong(int slot) {
        return longKinds[slot] == DIGITS;
    }

    /** Whether the slot holds a JSON integer literal (no fraction, no exponent) within the 64-bit range. */
    public boolean isInteger(int slot) {
        return longKinds[slot] == INTEGER;
    }

    /** The whole number in the slot (only when {@link #hasLong} or {@link #isInteger}). */
    public long longValue(int slot) {
        return longs[slot];
    }

    void value(int slot, Object v) {
        clear(slot);
        values[slot] = v;
    }

    void digits(int slot, long v) {
        clear(slot);
        longs[slot] = v;
        longKinds[slot] = DIGITS;
    }

    void integer(int slot, long v) {
        clear(slot);
        longs[slot] = v;
        longKinds[slot] = INTEGER;
    }

    /** The slot holds the plain string {@code bytes[from, from + length)} (valid UTF-8, no escapes). */
    void text(int slot, byte[] bytes, int from, int length) {
        clear(slot);
        source = bytes;
        textFrom[slot] = from;
        textLength[slot] = length;
    }

    void clear(int slot) {
        values[slot] = null;
        longKinds[slot] = NONE;
        textLength[slot] = -1;
    }

    void clear() {
        for (int i = 0; i < values.length; i++) { // rows are small: a loop beats Arrays.fill's call
            values[i] = null;
            longKinds[i] = NONE;
            textLength[i] = -1;
        }
        source = null;
    }
}
