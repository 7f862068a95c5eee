package dev.tally.engine.window;

/**
 * Tumbling time windows: half-open {@code [start, start + size)}, aligned to the epoch plus {@code offset}.
 * Uses floor semantics, so negative timestamps land in the window below them: with size 1000, −1 belongs to
 * {@code [−1000, 0)}. Immutable and thread-safe.
 */
public final class TumblingWindows {

    private final long size;
    private final long offset;

    /**
     * @param size   window length in ms, positive
     * @param offset alignment shift in ms, {@code |offset| < size}
     */
    public TumblingWindows(long size, long offset) {
        if (size <= 0 || Math.abs(offset) >= size) {
            throw new IllegalArgumentException("need size > 0 and |offset| < size, got " + size + ", " + offset);
        }
        this.size = size;
        this.offset = offset;
    }

    /** Start of the window holding {@code timestamp}. */
    public long start(long timestamp) {
        return timestamp - Math.floorMod(timestamp - offset, size);
    }

    public long size() {
        return size;
    }
}
