package dev.tally.engine.spec;

import java.time.Duration;

/**
 * How elements are grouped into windows. Time windows are half-open, {@code [start, end)}, aligned to the
 * epoch plus {@code offset}.
 *
 * @param kind   the kind of window
 * @param size   length of a time window (tumbling, sliding)
 * @param slide  distance between the starts of sliding windows
 * @param offset shift of the window alignment, {@code |offset| < size} (or slide)
 * @param gap    inactivity gap of session windows
 * @param count  elements per count window
 * @param countSlide elements between firings of a sliding count window; 0 = tumbling count window
 * @param flushOnEnd emit partly filled count windows at the end of input
 */
public record WindowSpec(
        Kind kind, Duration size, Duration slide, Duration offset, Duration gap, long count, long countSlide,
        boolean flushOnEnd) {

    /** Kinds of windows. */
    public enum Kind {
        /** Fixed-size, non-overlapping time windows. */
        TUMBLING,
        /** Fixed-size time windows starting every {@code slide}. */
        SLIDING,
        /** Per-key windows that close after a gap of inactivity. */
        SESSION,
        /** Per-key windows of a number of elements. */
        COUNT,
        /** One window per key that only a trigger fires. */
        GLOBAL
    }

    /** Tumbling windows of the given size, aligned to the epoch. */
    public static WindowSpec tumbling(Duration size) {
        return new WindowSpec(Kind.TUMBLING, size, null, Duration.ZERO, null, 0, 0, false);
    }
}
