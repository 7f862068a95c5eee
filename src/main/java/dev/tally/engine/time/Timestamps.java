package dev.tally.engine.time;

/**
 * The supported range of event times and durations, and saturating time arithmetic. All values are epoch
 * milliseconds (times) or milliseconds (durations).
 *
 * <p>Event times lie in {@code [MIN, MAX] = [-2^62, 2^62 - 1]} (about ±146 million years around 1970), the same
 * range for every format (epoch milliseconds as numbers or strings, ISO-8601); a record outside it is a dead
 * letter ({@code TIMESTAMP_OUT_OF_RANGE}). Durations in a spec (window size, slide, offset, gap, allowed
 * lateness, out-of-orderness, early interval) are at most {@link #MAX_DURATION} = 2^62 − 1. Why this range: half
 * the {@code long} range on each side leaves room for one duration, so a time plus or minus one duration
 * (a window's start and end, {@code ts + gap}, {@code ts − outOfOrderness − 1}, the next early timer) is exact
 * and stays strictly between {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}, which stay free for the −∞ (no
 * watermark yet) and +∞ (end of input) watermarks. Sums of two durations ({@code end − 1 + allowedLateness})
 * use {@link #plus}, which saturates at +∞: such a window is then kept until the end of the input.
 *
 * <p>Stateless and thread-safe.
 */
public final class Timestamps {

    /** The earliest supported event time, −2^62 ms (about 146 million years before 1970). */
    public static final long MIN = -(1L << 62);
    /** The latest supported event time, 2^62 − 1 ms (about 146 million years after 1970). */
    public static final long MAX = (1L << 62) - 1;
    /** The longest supported duration, 2^62 − 1 ms. */
    public static final long MAX_DURATION = (1L << 62) - 1;

    private Timestamps() {
    }

    /** Whether {@code ts} is a supported event time ({@link #MIN} ≤ ts ≤ {@link #MAX}). */
    public static boolean inRange(long ts) {
        return ts >= MIN && ts <= MAX;
    }

    /** {@code ts} moved into {@code [MIN, MAX]} (for clock readings, which are never dead letters). */
    public static long clamp(long ts) {
        return ts < MIN ? MIN : Math.min(ts, MAX);
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when the sum overflows. */
    public static long plus(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a - b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when the difference overflows. */
    public static long minus(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
