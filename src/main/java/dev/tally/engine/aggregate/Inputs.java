package dev.tally.engine.aggregate;

/**
 * The layout of an element's aggregate inputs in a {@code long[]}: {@link #SLOTS} slots per input column, its kind
 * ({@link #NONE}, {@link #INTEGER} or {@link #DECIMAL}) then its payload (the exact {@code long}, or the raw bits of
 * the {@code double}). A distinct input is a 64-bit hash with kind {@link #INTEGER}. Longs, not doubles, so that
 * an integer never passes through a floating-point register. Stateless.
 */
public final class Inputs {

    /** Slots per input column. */
    public static final int SLOTS = 2;
    /** No value (missing field, not a number). */
    public static final long NONE = 0;
    /** An exact 64-bit integer. */
    public static final long INTEGER = 1;
    /** A decimal, as the raw bits of a {@code double}. */
    public static final long DECIMAL = 2;

    private Inputs() {
    }

    /** Writes "no value" at {@code at}. */
    public static void none(long[] in, int at) {
        in[at] = NONE;
        in[at + 1] = 0;
    }

    /** Writes the integer {@code v} at {@code at}. */
    public static void integer(long[] in, int at, long v) {
        in[at] = INTEGER;
        in[at + 1] = v;
    }

    /** Writes the decimal {@code v} at {@code at}; NaN is "no value". */
    public static void decimal(long[] in, int at, double v) {
        if (Double.isNaN(v)) {
            none(in, at);
        } else {
            in[at] = DECIMAL;
            in[at + 1] = Double.doubleToRawLongBits(v);
        }
    }

    /** The input at {@code at} as a double (integers rounded to the nearest double), NaN for no value. */
    public static double doubleValue(long[] in, int at) {
        long kind = in[at];
        return kind == INTEGER ? (double) in[at + 1]
                : kind == DECIMAL ? Double.longBitsToDouble(in[at + 1]) : Double.NaN;
    }
}
