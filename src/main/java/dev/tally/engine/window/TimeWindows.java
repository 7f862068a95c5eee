package dev.tally.engine.window;

import dev.tally.engine.time.Timestamps;

/**
 * Tumbling and sliding time windows, half-open {@code [start, start + size)}, aligned to the epoch plus
 * {@code offset}, with floor semantics for negative timestamps. An element belongs to every window
 * {@code s = lastStart, lastStart - slide, ...} while {@code s > ts - size}, where {@code lastStart} is the
 * tumbling start for {@code slide}; tumbling windows are sliding windows with {@code slide = size}. When
 * {@code slide > size} an element between windows belongs to none.
 *
 * <p>Overflow: size and slide are at most {@link Timestamps#MAX_DURATION} and timestamps lie in
 * {@link Timestamps#MIN}..{@link Timestamps#MAX}, so a window holding {@code ts} starts after
 * {@code ts - size ≥ -2^63 + 1} and ends at most at {@code ts + size ≤ 2^63 - 2}: every start, end and
 * {@code end - 1} is exact and below +∞. The alignment is computed without {@code ts - offset} and the
 * assignment loop without stepping past the last window, so neither overflows either. Immutable and thread-safe.
 */
public final class TimeWindows {

    private final long size;
    private final long slide;
    private final long offset;
    private final long pane;
    /** {@code floorMod(offset, slide)} and {@code floorMod(offset, pane)}: the alignment, in [0, slide). */
    private final long slidePhase;
    private final long panePhase;

    private TimeWindows(long size, long slide, long offset) {
        if (size <= 0 || slide <= 0 || Math.abs(offset) >= slide || size > Timestamps.MAX_DURATION
                || slide > Timestamps.MAX_DURATION) {
            throw new IllegalArgumentException("need 0 < size, slide <= " + Timestamps.MAX_DURATION
                    + " and |offset| < slide, got " + size + ", " + slide + ", " + offset);
        }
        this.size = size;
        this.slide = slide;
        this.offset = offset;
        this.pane = java.math.BigInteger.valueOf(size).gcd(java.math.BigInteger.valueOf(slide)).longValue();
        this.slidePhase = Math.floorMod(offset, slide);
        this.panePhase = Math.floorMod(offset, pane);
    }

    /** {@code floorMod(ts - offset, unit)} without computing {@code ts - offset}, which may overflow. */
    private static long sinceStart(long ts, long unit, long phase) {
        long r = Math.floorMod(ts, unit) - phase;
        return r < 0 ? r + unit : r;
    }

    public static TimeWindows tumbling(long size, long offset) {
        return new TimeWindows(size, size, offset);
    }

    public static TimeWindows sliding(long size, long slide, long offset) {
        return new TimeWindows(size, slide, offset);
    }

    /** Start of the latest window holding {@code ts} (for tumbling windows: the only one). */
    public long lastStart(long ts) {
        return ts - sinceStart(ts, slide, slidePhase);
    }

    /**
     * Writes the starts of the windows holding {@code ts} into {@code starts}, latest first.
     *
     * @return how many; 0 when {@code ts} falls between windows
     */
    public int assign(long ts, long[] starts) {
        int n = 0;
        // d = ts - start, counted up (not the start down) so that no step goes past the last window
        for (long d = sinceStart(ts, slide, slidePhase); d < size; d += slide) {
            starts[n++] = ts - d;
        }
        return n;
    }

    /**
     * Start of the pane holding {@code ts}. Panes are {@code gcd(size, slide)} long and aligned like the windows:
     * every window starts and ends on a pane boundary, so all the timestamps of a pane belong to the same windows.
     */
    public long paneStart(long ts) {
        return ts - sinceStart(ts, pane, panePhase);
    }

    /** The most windows one element can belong to. */
    public int maxWindows() {
        return (int) ((size + slide - 1) / slide);
    }

    public long size() {
        return size;
    }
}
