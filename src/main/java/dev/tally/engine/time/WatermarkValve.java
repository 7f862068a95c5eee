package dev.tally.engine.time;

import java.util.Arrays;

/**
 * Min-combines the watermarks of several channels (source partitions, or readers) into one that never
 * decreases. An idle channel leaves the minimum; when it becomes active again it rejoins only once its
 * watermark has caught up with the combined one. When every channel is idle the combined watermark is the
 * largest of theirs. With no channels nothing holds it back. Not thread-safe.
 */
public final class WatermarkValve {

    private long[] watermark = new long[0];
    private boolean[] idle = new boolean[0];
    private boolean[] catchingUp = new boolean[0];
    private long combined = Long.MIN_VALUE;
    /** Whether anything changed since {@link #combined()} last computed (it is asked once per record). */
    private boolean changed = true;

    /** Sets the number of channels; new ones start active, without a watermark. */
    public void channels(int count) {
        int old = watermark.length;
        watermark = Arrays.copyOf(watermark, count);
        idle = Arrays.copyOf(idle, count);
        catchingUp = Arrays.copyOf(catchingUp, count);
        for (int i = old; i < count; i++) {
            watermark[i] = Long.MIN_VALUE;
        }
        changed = true;
    }

    public int channels() {
        return watermark.length;
    }

    /** A watermark from a channel; marks it active. A lower watermark than before is ignored. */
    public void watermark(int channel, long wm) {
        if (idle[channel]) {
            idle[channel] = false;
            catchingUp[channel] = true;
            changed = true;
        }
        if (wm > watermark[channel]) {
            watermark[channel] = wm;
            changed = true;
        }
    }

    /** Marks a channel idle until its next watermark. */
    public void idle(int channel) {
        changed |= !idle[channel];
        idle[channel] = true;
    }

    public boolean isIdle(int channel) {
        return idle[channel];
    }

    public long watermark(int channel) {
        return watermark[channel];
    }

    /** Whether every channel is idle (true when there are none). */
    public boolean allIdle() {
        for (boolean i : idle) {
            if (!i) {
                return false;
            }
        }
        return true;
    }

    /** The combined watermark. */
    public long combined() {
        if (!changed) {
            return combined;
        }
        changed = false;
        long min = Long.MAX_VALUE;
        long maxIdle = Long.MIN_VALUE;
        boolean anyActive = false;
        for (int c = 0; c < watermark.length; c++) {
            if (idle[c]) {
                maxIdle = Math.max(maxIdle, watermark[c]);
                continue;
            }
            if (catchingUp[c]) {
                if (watermark[c] < combined) {
                    continue;
                }
                catchingUp[c] = false;
            }
            anyActive = true;
            min = Math.min(min, watermark[c]);
        }
        long candidate = anyActive ? min : watermark.length == 0 ? combined : maxIdle;
        if (candidate > combined) {
            combined = candidate;
        }
        return combined;
    }

    /** Jumps to +∞ (end of input). */
    public void endOfInput() {
        combined = Long.MAX_VALUE;
    }
}
