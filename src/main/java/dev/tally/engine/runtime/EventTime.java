package dev.tally.engine.runtime;

import dev.tally.engine.spec.TimeSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads an event's timestamp from its decoded field. */
final class EventTime {

    /** Returned when the value is not a valid time. */
    static final long INVALID = Long.MIN_VALUE;

    private EventTime() {
    }

    static long parse(Object value, TimeSpec.Format format) {
        if (format == TimeSpec.Format.EPOCH_MILLIS) {
            if (value instanceof Double d) {
                double v = d;
                return v == Math.rint(v) && Math.abs(v) < 9.0e15 ? (long) v : INVALID;
            }
            if (value instanceof String s) {
                return millis(s);
            }
            return INVALID;
        }
        if (value instanceof String s) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                } catch (DateTimeParseException e2) {
                    return INVALID;
                }
            }
        }
        return INVALID;
    }

    private static long millis(String s) {
        int n = s.length();
        if (n == 0 || n > 18) {
            return INVALID;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == n) {
            return INVALID;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            v = v * 10 + (c - '0');
        }
        return s.charAt(0) == '-' ? -v : v;
    }
}
