package dev.tally.engine.time;

import java.util.Arrays;

/**
 * Bounded out-of-orderness watermarks per source partition, combined by a {@link WatermarkValve}: partition
 * watermark = max timestamp seen − d − 1 (saturating: never below −∞, so an element at the edge of the
 * supported range with a long delay gives no watermark yet); a partition silent for the idle timeout (processing
 * time) becomes idle. Not thread-safe: owned by one reader thread.
 */
public final class PartitionWatermarks {

    private final long outOfOrderness;
    private final long idleTimeout;
    private final WatermarkValve valve = new WatermarkValve();
    private long[] lastActive = new long[0];

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
        int old = lastActive.length;
        valve.channels(count);
        lastActive = Arrays.copyOf(lastActive, count);
        Arrays.fill(lastActive, old, count, now);
    }

    /** Records an element's timestamp read from a partition at processing time {@code now}. */
    public void onElement(int partition, long timestamp, long now) {
        onWatermark(partition, Timestamps.minus(Timestamps.minus(timestamp, outOfOrderness), 1), now);
    }

    /** Records a watermark coming from a partition; a lower one than before is ignored. */
    public void onWatermark(int partition, long wm, long now) {
        expireIdle(partition, now);
        lastActive[partition] = now;
        valve.watermark(partition, wm);
    }

    /** The combined watermark at processing time {@code now}. */
    public long combined(long now) {
        for (int p = 0; p < lastActive.length; p++) {
            expireIdle(p, now);
        }
        return valve.combined();
    }

    /** Whether every partition was idle at the last {@link #combined} (true when there are none). */
    public boolean allIdle() {
        return valve.allIdle();
    }

    private void expireIdle(int p, long now) {
        if (idleTimeout > 0 && !valve.isIdle(p) && Timestamps.minus(now, lastActive[p]) >= idleTimeout) {
            valve.idle(p);
        }
    }

    /** A partition's watermark. */
    public long watermark(int partition) {
        return valve.watermark(partition);
    }

    /** Whether a partition is idle (as of the last {@link #combined}). */
    public boolean isIdle(int partition) {
        return valve.isIdle(partition);
    }

    /** Sets a partition's watermark and idleness from a snapshot. */
    public void restore(int partition, long wm, boolean idle, long now) {
        valve.watermark(partition, wm);
        lastActive[partition] = now;
        if (idle) {
            valve.idle(partition);
        }
    }

    /** Sets the watermark to +∞ (end of a bounded input). */
    public long endOfInput() {
        valve.endOfInput();
        return Long.MAX_VALUE;
    }
}
