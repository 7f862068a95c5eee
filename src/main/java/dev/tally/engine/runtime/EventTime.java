package dev.tally.engine.runtime;

import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.time.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads an event's timestamp (epoch ms) from its decoded field. A valid time lies in the supported range
 * {@link Timestamps#MIN}..{@link Timestamps#MAX}, the same for every format; a value that is a time but lies
 * outside it is {@link #OUT_OF_RANGE}; anything else {@link #INVALID}. Never throws. Stateless.
 */
final class EventTime {

    /** Returned when the value is not a valid time in the declared format. */
    static final long INVALID = Long.MIN_VALUE;
    /** Returned when the value is a time, but outside {@link Timestamps#MIN}..{@link Timestamps#MAX}. */
    static final long OUT_OF_RANGE = Long.MAX_VALUE;

    /** The supported range as doubles (both exact: powers of two). */
    private static final double MIN_DOUBLE = -0x1p62;
    private static final double LIMIT_DOUBLE = 0x1p62;

    private EventTime() {
    }

    /**
     * @param value  the field as decoded: a number (epoch millis), or a string
     * @param format how the spec says the field is written
     * @return epoch ms in the supported range, or {@link #INVALID} or {@link #OUT_OF_RANGE}
     */
    static long parse(Object value, TimeSpec.Format format) {
        if (format == TimeSpec.Format.EPOCH_MILLIS) {
            if (value instanceof Long l) {
                return Timestamps.inRange(l) ? l : OUT_OF_RANGE;
            }
            if (value instanceof Double d) {
                return fromDouble(d);
            }
            if (value instanceof String s) {
                return millis(s);
            }
            if (value instanceof Number n) {
                return fromNumber(n);
            }
            return INVALID;
        }
        return value instanceof String s ? iso(s) : INVALID;
    }

    private static long fromDouble(double v) {
        if (Double.isNaN(v) || (!Double.isInfinite(v) && v != Math.rint(v))) {
            return INVALID;
        }
        return v >= MIN_DOUBLE && v < LIMIT_DOUBLE ? (long) v : OUT_OF_RANGE;
    }

    /** Any other number type (a big integer or decimal): whole numbers only. */
    private static long fromNumber(Number n) {
        BigDecimal d;
        try {
            d = new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            return INVALID; // NaN or infinity of a number type we do not know
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            return INVALID;
        }
        if (d.compareTo(BigDecimal.valueOf(Timestamps.MIN)) < 0
                || d.compareTo(BigDecimal.valueOf(Timestamps.MAX)) > 0) {
            return OUT_OF_RANGE;
        }
        return d.longValueExact();
    }

    /** A string of digits with an optional leading minus, of any length. */
    private static long millis(String s) {
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        int i = negative ? 1 : 0;
        if (i == n) {
            return INVALID;
        }
        long limit = negative ? -Timestamps.MIN : Timestamps.MAX;
        long v = 0;
        boolean beyond = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            if (beyond || v > (limit - (c - '0')) / 10) {
                beyond = true; // keep reading: "12x" is invalid however long, not out of range
            } else {
                v = v * 10 + (c - '0');
            }
        }
        if (beyond) {
            return OUT_OF_RANGE;
        }
        return negative ? -v : v;
    }

    /** An ISO-8601 instant, with {@code Z} or an offset, years beyond four digits written with a sign. */
    private static long iso(String s) {
        Instant instant;
        try {
            instant = Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return hugeYear(s) ? OUT_OF_RANGE : INVALID;
            }
        }
        long seconds = instant.getEpochSecond();
        // checked in seconds first: toEpochMilli overflows a long for years beyond ±292 million
        if (seconds < Timestamps.MIN / 1000 - 1 || seconds > Timestamps.MAX / 1000 + 1) {
            return OUT_OF_RANGE;
        }
        long ms = instant.toEpochMilli();
        return Timestamps.inRange(ms) ? ms : OUT_OF_RANGE;
    }

    /**
     * Whether {@code s} is a valid instant except that its signed year has ten digits or more (beyond what
     * java.time reads, ±999,999,999).
     */
    private static boolean hugeYear(String s) {
        if (s.length() < 12 || (s.charAt(0) != '+' && s.charAt(0) != '-')) {
            return false;
        }
        int dash = s.indexOf('-', 1);
        if (dash < 11) {
            return false;
        }
        for (int i = 1; i < dash; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        try {
            OffsetDateTime.parse("2000" + s.substring(dash)); // a leap year: 29 February stays valid
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
