package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of a running job. Thread-safe: the job thread writes, any thread reads a {@link Snapshot}.
 */
public final class JobMetrics {

    private static final int IN = 0;
    private static final int FILTERED = 1;
    private static final int LATE = 2;
    private static final int RESULTS = 3;
    private static final int OFFSET = 4;

    private final AtomicLongArray counters = new AtomicLongArray(OFFSET + DeadLetterReason.values().length);
    private volatile long watermark = Long.MIN_VALUE;

    void recordIn() {
        counters.lazySet(IN, counters.get(IN) + 1);
    }

    void filtered() {
        counters.lazySet(FILTERED, counters.get(FILTERED) + 1);
    }

    void lateDropped() {
        counters.lazySet(LATE, counters.get(LATE) + 1);
    }

    void resultEmitted() {
        counters.lazySet(RESULTS, counters.get(RESULTS) + 1);
    }

    void deadLetter(DeadLetterReason reason) {
        int i = OFFSET + reason.ordinal();
        counters.lazySet(i, counters.get(i) + 1);
    }

    void watermark(long wm) {
        watermark = wm;
    }

    /** A consistent-enough copy of the counters. */
    public Snapshot snapshot() {
        Map<DeadLetterReason, Long> dead = new EnumMap<>(DeadLetterReason.class);
        long total = 0;
        for (DeadLetterReason r : DeadLetterReason.values()) {
            long n = counters.get(OFFSET + r.ordinal());
            total += n;
            if (n > 0) {
                dead.put(r, n);
            }
        }
        return new Snapshot(counters.get(IN), counters.get(FILTERED), total, dead, counters.get(LATE),
                counters.get(RESULTS), watermark == Long.MIN_VALUE ? null : watermark);
    }

    /**
     * Counter values at one moment.
     *
     * @param recordsIn      records read from the source
     * @param recordsFiltered records the filter dropped
     * @param deadLetters    records sent to the dead-letter output
     * @param deadLettersByReason the same, by reason
     * @param lateDropped    elements dropped because all their windows were past their lateness
     * @param resultsEmitted results written
     * @param watermark      current combined watermark, null before the first
     */
    public record Snapshot(long recordsIn, long recordsFiltered, long deadLetters,
            Map<DeadLetterReason, Long> deadLettersByReason, long lateDropped, long resultsEmitted, Long watermark) {
    }
}
