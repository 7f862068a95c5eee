package dev.tally.engine.aggregate;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The values of one result, in the order of the job's aggregates. Each is absent (min, max or avg of no input),
 * an exact integer (a 64-bit {@code long}, or, only for a sum outside that range, an exact integer of up to 128
 * bits) or a decimal ({@code double}). See the README's "Integers and decimals" for which aggregate gives which.
 * Immutable and thread-safe once built.
 */
public final class ResultValues {

    private static final byte NONE = 0;
    private static final byte LONG = 1;
    private static final byte DECIMAL = 2;
    private static final byte INT128 = 3;

    private final byte[] kinds;
    /** Two words per value: the long, the double's raw bits, or the low then high word of a 128-bit integer. */
    private final long[] words;

    ResultValues(int size) {
        kinds = new byte[size];
        words = new long[2 * size];
    }

    /**
     * Values from numbers: {@link Long}, {@link Integer} and {@link BigInteger} (at most 128 bits) are integers,
     * {@link Double} a decimal (NaN: absent), null absent.
     *
     * @throws IllegalArgumentException for another type or a BigInteger of more than 128 bits
     */
    public static ResultValues of(Number... values) {
        ResultValues r = new ResultValues(values.length);
        for (int i = 0; i < values.length; i++) {
            Number n = values[i];
            if (n == null) {
                continue;
            }
            if (n instanceof Long || n instanceof Integer) {
                r.setLong(i, n.longValue());
            } else if (n instanceof Double d) {
                r.setDecimal(i, d);
            } else if (n instanceof BigInteger b && b.bitLength() < 128) {
                r.setInt128(i, b.longValue(), b.shiftRight(64).longValue());
            } else {
                throw new IllegalArgumentException("not a result value: " + n + " (" + n.getClass().getName() + ")");
            }
        }
        return r;
    }

    void setLong(int i, long v) {
        kinds[i] = LONG;
        words[2 * i] = v;
    }

    void setDecimal(int i, double v) {
        kinds[i] = Double.isNaN(v) ? NONE : DECIMAL;
        words[2 * i] = Double.isNaN(v) ? 0 : Double.doubleToRawLongBits(v);
    }

    /** The two's complement integer {@code hi * 2^64 + (unsigned) lo}; a long when it fits in one. */
    void setInt128(int i, long lo, long hi) {
        if (hi == lo >> 63) {
            setLong(i, lo);
        } else {
            kinds[i] = INT128;
            words[2 * i] = lo;
            words[2 * i + 1] = hi;
        }
    }

    /** Number of values. */
    public int size() {
        return kinds.length;
    }

    /** Whether value {@code i} exists (min, max and avg of no input do not). */
    public boolean isPresent(int i) {
        return kinds[i] != NONE;
    }

    /** Whether value {@code i} is an exact integer. */
    public boolean isInteger(int i) {
        return kinds[i] == LONG || kinds[i] == INT128;
    }

    /**
     * Value {@code i} as a long.
     *
     * @throws ArithmeticException when it is absent, a decimal, or an integer outside the 64-bit range
     */
    public long longValue(int i) {
        if (kinds[i] != LONG) {
            throw new ArithmeticException("value " + i + " is not a 64-bit integer: " + text(i));
        }
        return words[2 * i];
    }

    /** Value {@code i} as the nearest double; NaN when absent. */
    public double doubleValue(int i) {
        return switch (kinds[i]) {
            case LONG -> (double) words[2 * i];
            case DECIMAL -> Double.longBitsToDouble(words[2 * i]);
            case INT128 -> big(i).doubleValue();
            default -> Double.NaN;
        };
    }

    /**
     * Value {@code i} as a {@link Long}, a {@link BigInteger} (an integer outside the 64-bit range) or a
     * {@link Double}; null when absent.
     */
    public Number number(int i) {
        return switch (kinds[i]) {
            case LONG -> words[2 * i];
            case DECIMAL -> Double.longBitsToDouble(words[2 * i]);
            case INT128 -> big(i);
            default -> null;
        };
    }

    /**
     * Value {@code i} as JSON number text, or null when absent: integers in full ({@code 9007199254740993}),
     * decimals as {@link Double#toString(double)} ({@code 2.5}, {@code 3.0}, {@code 1.0E20}).
     */
    public String text(int i) {
        return switch (kinds[i]) {
            case LONG -> Long.toString(words[2 * i]);
            case DECIMAL -> Double.toString(Double.longBitsToDouble(words[2 * i]));
            case INT128 -> big(i).toString();
            default -> null;
        };
    }

    private BigInteger big(int i) {
        return Exact.big(words[2 * i], words[2 * i + 1]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultValues r && Arrays.equals(kinds, r.kinds) && Arrays.equals(words, r.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kinds) * 31 + Arrays.hashCode(words);
    }

    /** The values as text, absent ones as {@code null}: {@code [499, 2.5, null]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < kinds.length; i++) {
            sb.append(i > 0 ? ", " : "").append(text(i));
        }
        return sb.append(']').toString();
    }
}
