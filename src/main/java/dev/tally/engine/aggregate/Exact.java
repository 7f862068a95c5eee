package dev.tally.engine.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Exact arithmetic on accumulator slots: 128-bit two's complement integer sums (low word, then high word), the
 * decimal part of a sum, and the exact order of integers and decimals. Allocation-free except where a value
 * outside the 64-bit range is converted. Stateless.
 */
final class Exact {

    /**
     * The decimal part of a sum before any decimal input: a signalling NaN, which no arithmetic produces (it makes
     * quiet NaNs) and no input is (a NaN input is "no value").
     */
    static final long NO_DECIMAL = 0x7FF0_0000_0000_0001L;

    private static final long EXACT_DOUBLE = 1L << 53;

    private Exact() {
    }

    /** Adds the long {@code x} to the 128-bit integer at {@code v[o]} (low word) and {@code v[o + 1]} (high word). */
    static void add(long[] v, int o, long x) {
        long lo = v[o];
        long sum = lo + x;
        v[o] = sum;
        v[o + 1] += (x >> 63) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
    }

    /** Adds the 128-bit integer at {@code b[bo]} to the one at {@code a[ao]}. */
    static void add(long[] a, int ao, long[] b, int bo) {
        long lo = a[ao];
        long sum = lo + b[bo];
        a[ao] = sum;
        a[ao + 1] += b[bo + 1] + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
    }

    /** Adds the double whose raw bits are {@code bits} to the decimal part at {@code v[o]}. */
    static void addDecimal(long[] v, int o, long bits) {
        if (bits == NO_DECIMAL) {
            return;
        }
        v[o] = v[o] == NO_DECIMAL ? bits
                : Double.doubleToRawLongBits(Double.longBitsToDouble(v[o]) + Double.longBitsToDouble(bits));
    }

    /**
     * Compares two inputs, each a kind ({@link Inputs#INTEGER} or {@link Inputs#DECIMAL}) and its payload, by
     * their exact values; decimals by {@link Double#compare} (so -0.0 is below 0.0).
     */
    static int compare(long kindA, long a, long kindB, long b) {
        if (kindA == Inputs.INTEGER) {
            return kindB == Inputs.INTEGER ? Long.compare(a, b) : compare(a, Double.longBitsToDouble(b));
        }
        double x = Double.longBitsToDouble(a);
        return kindB == Inputs.DECIMAL ? Double.compare(x, Double.longBitsToDouble(b)) : -compare(b, x);
    }

    /** Compares a long with a (non-NaN) double exactly, without rounding the long. */
    static int compare(long a, double d) {
        if (d >= 0x1p63) {
            return -1;
        }
        if (d < -0x1p63) {
            return 1;
        }
        long t = (long) d; // exact: |d| < 2^63, truncated toward zero
        if (a != t) {
            return Long.compare(a, t);
        }
        double fraction = d - t; // exact
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /** Whether the 128-bit integer {@code (lo, hi)} fits in a long. */
    static boolean fitsLong(long lo, long hi) {
        return hi == lo >> 63;
    }

    static BigInteger big(long lo, long hi) {
        return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** The 128-bit integer as the nearest double. */
    static double toDouble(long lo, long hi) {
        return fitsLong(lo, hi) ? (double) lo : big(lo, hi).doubleValue();
    }

    /**
     * The sum's value as a double: the exact integer part plus the decimal part (the double at {@code decimal},
     * or {@link #NO_DECIMAL}), rounded once.
     */
    static double sum(long lo, long hi, long decimal) {
        if (decimal == NO_DECIMAL) {
            return toDouble(lo, hi);
        }
        double d = Double.longBitsToDouble(decimal);
        if (fitsLong(lo, hi) && lo >= -EXACT_DOUBLE && lo <= EXACT_DOUBLE || !Double.isFinite(d)) {
            return toDouble(lo, hi) + d; // the integer part is exact as a double: one rounding
        }
        return new BigDecimal(big(lo, hi)).add(new BigDecimal(d)).doubleValue();
    }

    /** The mean of {@code n} inputs whose sum is {@code (lo, hi)} plus {@code decimal}; NaN when {@code n == 0}. */
    static double mean(long lo, long hi, long decimal, long n) {
        if (n == 0) {
            return Double.NaN;
        }
        if (decimal != NO_DECIMAL) {
            return sum(lo, hi, decimal) / n;
        }
        if (fitsLong(lo, hi) && lo >= -EXACT_DOUBLE && lo <= EXACT_DOUBLE && n <= EXACT_DOUBLE) {
            return (double) lo / n; // both exact: one correctly rounded division
        }
        return new BigDecimal(big(lo, hi)).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
    }
}
