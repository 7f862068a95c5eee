package dev.tally.engine.window;

/**
 * Tumbling and sliding time windows, half-open {@code [start, start + size)}, aligned to the epoch plus
 * {@code offset}, with floor semantics for negative timestamps. An element belongs to every window
 * {@code s = lastStart, lastStart - slide, ...} while {@code s > ts - size}, where {@code lastStart} is the
 * tumbling start for {@code slide}; tumbling windows are sliding windows with {@code slide = size}. When
 * {@code slide > size} an element between windows belongs to none. Immutable and thread-safe.
 */
public final class TimeWindows {

    private final long size;
    private final long slide;
    private final long offset;
    private final long pane;

    private TimeWindows(long size, long slide, long offset) {
        if (size <= 0 || slide <= 0 || Math.abs(offset) >= slide) {
            throw new IllegalArgumentException("need size > 0, slide > 0 and |offset| < slide, got "
                    + size + ", " + slide + ", " + offset);
        }
        this.size = size;
        this.slide = slide;
        this.offset = offset;
        this.pane = java.math.BigInteger.valueOf(size).gcd(java.math.BigInteger.valueOf(slide)).longValue();
    }

    public static TimeWindows tumbling(long size, long offset) {
        return new TimeWindows(size, size, offset);
    }

    public static TimeWindows sliding(long size, long slide, long offset) {
        return new TimeWindows(size, slide, offset);
    }

    /** Start of the latest window holding {@code ts} (for tumbling windows: the only one). */
    public long lastStart(long ts) {
        return ts - Math.floorMod(ts - offset, slide);
    }

    /**
     * Writes the starts of the windows holding {@code ts} into {@code starts}, latest first.
     *
     * @return how many; 0 when {@code ts} falls between windows
     */
    public int assign(long ts, long[] starts) {
        int n = 0;
        for (long s = lastStart(ts); s > ts - size; s -= slide) {
            starts[n++] = s;
        }
        return n;
    }

    /**
     * Start of the pane holding {@code ts}. Panes are {@code gcd(size, slide)} long and aligned like the windows:
     * every window starts and ends on a pane boundary, so all the timestamps of a pane belong to the same windows.
     */
    public long paneStart(long ts) {
        return ts - Math.floorMod(ts - offset, pane);
    }

    /** The most windows one element can belong to. */
    public int maxWindows() {
        return (int) ((size + slide - 1) / slide);
    }

    public long size() {
        return size;
    }
}
