package dev.tally.engine.time;

import java.util.Arrays;

/**
 * Bounded out-of-orderness watermarks per source partition, min-combined into one watermark that never
 * decreases. Partition watermark = max timestamp seen − d − 1. A partition silent for the idle timeout leaves
 * the minimum; when it returns it rejoins only once its watermark has caught up with the combined one. When
 * every partition is idle the combined watermark is the largest of their watermarks. With no partitions at
 * all nothing holds the watermark back. Not thread-safe: owned by one reader thread.
 */
public final class PartitionWatermarks {

    private final long outOfOrderness;
    private final long idleTimeout;
    private long[] watermark = new long[0];
    private long[] lastActive = new long[0];
    private boolean[] catchingUp = new boolean[0];
    private long combined = Long.MIN_VALUE;

    /**
     * @param outOfOrderness d, in ms
     * @param idleTimeout    ms of silence after which a partition is idle; ≤ 0 means never
     */
    public PartitionWatermarks(long outOfOrderness, long idleTimeout) {
        this.outOfOrderness = outOfOrderness;
        this.idleTimeout = idleTimeout;
    }

    /** Sets the number of partitions; new ones start without a watermark, active as of {@code now}. */
    public void partitions(int count, long now) {
        int old = watermark.length;
        watermark = Arrays.copyOf(watermark, count);
        lastActive = Arrays.copyOf(lastActive, count);
        catchingUp = Arrays.copyOf(catchingUp, count);
        for (int i = old; i < count; i++) {
            watermark[i] = Long.MIN_VALUE;
            lastActive[i] = now;
        }
    }

    /** Records an element's timestamp read from a partition at processing time {@code now}. */
    public void onElement(int partition, long timestamp, long now) {
        long wm = timestamp - outOfOrderness - 1;
        onWatermark(partition, wm, now);
    }

    /** Records a watermark coming from a partition; a lower one than before is ignored. */
    public void onWatermark(int partition, long wm, long now) {
        if (isIdle(partition, now)) {
            catchingUp[partition] = true;
        }
        lastActive[partition] = now;
        if (wm > watermark[partition]) {
            watermark[partition] = wm;
        }
    }

    /** The combined watermark at processing time {@code now}. */
    public long combined(long now) {
        long min = Long.MAX_VALUE;
        long maxIdle = Long.MIN_VALUE;
        boolean anyActive = false;
        for (int p = 0; p < watermark.length; p++) {
            if (isIdle(p, now)) {
                maxIdle = Math.max(maxIdle, watermark[p]);
                continue;
            }
            if (catchingUp[p]) {
                if (watermark[p] < combined) {
                    continue;
                }
                catchingUp[p] = false;
            }
            anyActive = true;
            min = Math.min(min, watermark[p]);
        }
        long candidate = anyActive ? min : watermark.length == 0 ? combined : maxIdle;
        if (candidate > combined) {
            combined = candidate;
        }
        return combined;
    }

    /** Sets the watermark to +∞ (end of a bounded input). */
    public long endOfInput() {
        combined = Long.MAX_VALUE;
        return combined;
    }

    private boolean isIdle(int partition, long now) {
        return idleTimeout > 0 && now - lastActive[partition] >= idleTimeout;
    }
}
