package dev.tally.engine.window;

/**
 * A half-open time window {@code [start, end)}.
 *
 * @param start inclusive start, epoch ms
 * @param end   exclusive end, epoch ms
 */
public record Window(long start, long end) {

    /** The last millisecond in the window. */
    public long maxTimestamp() {
        return end - 1;
    }

    @Override
    public String toString() {
        return "[" + start + "," + end + ")";
    }
}
