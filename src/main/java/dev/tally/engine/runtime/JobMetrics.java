package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.snapshot.Manifest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a running job, whole-job figures: a run restored from a snapshot starts from the snapshot's counters
 * (what the records before its barrier made) and adds its own. Thread-safe: reader and subtask threads write, any
 * thread reads a {@link Snapshot}.
 */
public final class JobMetrics {

    private final LongAdder in = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder results = new LongAdder();
    private final LongAdder[] dead = new LongAdder[DeadLetterReason.values().length];
    private final AtomicLongArray watermarks;
    private final AtomicLongArray panes;
    private final AtomicLongArray buffered;
    /** Per subtask: nanoseconds spent waiting for input (an empty inbox). */
    private final AtomicLongArray idleNanos;
    /** Per reader: nanoseconds spent blocked on a full subtask inbox (back-pressure). */
    private final AtomicLongArray backPressuredNanos;
    /** The counters of the snapshot this run was restored from (zero for a fresh start); set before it starts. */
    private volatile Manifest.Counters restored = Manifest.Counters.ZERO;
    /** Wall-clock time (epoch ms) the first record of this run was read; 0 before. */
    private volatile long firstRecordAtMs;

    /** Counters of a job with {@code subtasks} subtasks and one reader. */
    public JobMetrics(int subtasks) {
        this(subtasks, 1);
    }

    /** Counters of a job with {@code subtasks} subtasks and {@code readers} readers. */
    public JobMetrics(int subtasks, int readers) {
        for (int i = 0; i < dead.length; i++) {
            dead[i] = new LongAdder();
        }
        watermarks = new AtomicLongArray(subtasks);
        panes = new AtomicLongArray(subtasks);
        buffered = new AtomicLongArray(subtasks);
        idleNanos = new AtomicLongArray(subtasks);
        backPressuredNanos = new AtomicLongArray(readers);
        for (int i = 0; i < subtasks; i++) {
            watermarks.set(i, Long.MIN_VALUE);
        }
    }

    /** Starts the counters from a snapshot's (null, from snapshots older than the counters: zero). */
    void restore(Manifest.Counters counters) {
        restored = counters == null ? Manifest.Counters.ZERO : counters;
    }

    /** The counters this run started from. */
    Manifest.Counters restored() {
        return restored;
    }

    void recordsIn(long n) {
        in.add(n);
        if (firstRecordAtMs == 0 && n > 0) { // once per batch of records, not per record
            firstRecordAtMs = System.currentTimeMillis();
        }
    }

    /** When this run read its first record (epoch ms; within a batch's read), 0 before it did. */
    public long firstRecordAtMs() {
        return firstRecordAtMs;
    }

    void filtered(long n) {
        filtered.add(n);
    }

    void lateDropped() {
        late.increment();
    }

    void lateDropped(long n) {
        late.add(n);
    }

    void resultEmitted() {
        results.increment();
    }

    void deadLetter(DeadLetterReason reason) {
        dead[reason.ordinal()].increment();
    }

    void watermark(int subtask, long wm) {
        watermarks.lazySet(subtask, wm);
    }

    void state(int subtask, long paneCount, long bufferedCount) {
        panes.lazySet(subtask, paneCount);
        buffered.lazySet(subtask, bufferedCount);
    }

    /** Adds time subtask {@code subtask} waited for input. Only that subtask's thread writes its slot. */
    void idle(int subtask, long nanos) {
        idleNanos.lazySet(subtask, idleNanos.get(subtask) + nanos);
    }

    /** Adds time reader {@code reader} was blocked on a full inbox. Only that reader's thread writes its slot. */
    void backPressured(int reader, long nanos) {
        backPressuredNanos.lazySet(reader, backPressuredNanos.get(reader) + nanos);
    }

    /** The number of subtasks (the job's parallelism). */
    public int subtasks() {
        return watermarks.length();
    }

    /** The number of reader threads. */
    public int readers() {
        return backPressuredNanos.length();
    }

    /** Subtask {@code subtask}'s current watermark, epoch milliseconds; {@link Long#MIN_VALUE} before its first. */
    public long watermark(int subtask) {
        return watermarks.get(subtask);
    }

    /** Nanoseconds subtask {@code subtask} of this run has spent waiting for input (monotonic). */
    public long idleNanos(int subtask) {
        return idleNanos.get(subtask);
    }

    /** Nanoseconds reader {@code reader} of this run has spent blocked on a full subtask inbox (monotonic). */
    public long backPressuredNanos(int reader) {
        return backPressuredNanos.get(reader);
    }

    /** A consistent-enough copy of the counters. */
    public Snapshot snapshot() {
        Manifest.Counters base = restored;
        Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        long total = 0;
        for (Long n : base.deadLettersByReason().values()) {
            total += n; // a reason this version no longer knows still counts in the total
        }
        for (DeadLetterReason r : DeadLetterReason.values()) {
            long before = base.deadLettersByReason().getOrDefault(r.name(), 0L);
            long n = before + dead[r.ordinal()].sum();
            total += n - before;
            if (n > 0) {
                byReason.put(r, n);
            }
        }
        long wm = Long.MAX_VALUE;
        long p = 0;
        long b = 0;
        for (int i = 0; i < watermarks.length(); i++) {
            wm = Math.min(wm, watermarks.get(i));
            p += panes.get(i);
            b += buffered.get(i);
        }
        return new Snapshot(base.recordsIn() + in.sum(), base.recordsFiltered() + filtered.sum(), total, byReason,
                base.lateDropped() + late.sum(), base.resultsEmitted() + results.sum(),
                wm == Long.MIN_VALUE || watermarks.length() == 0 ? null : wm, p, b);
    }

    /**
     * Counter values at one moment.
     *
     * @param recordsIn           records read from the source (whole job: with a restored snapshot's)
     * @param recordsFiltered     records the filter dropped
     * @param deadLetters         records sent to the dead-letter output
     * @param deadLettersByReason the same, by reason
     * @param lateDropped         elements dropped because all their windows were past their lateness
     * @param resultsEmitted      results written
     * @param watermark           the lowest watermark of the subtasks, null before the first
     * @param panes               (key, window) states held, as of the subtasks' last report
     * @param bufferedElements    elements held in windows with evictors, as of the subtasks' last report
     */
    public record Snapshot(long recordsIn, long recordsFiltered, long deadLetters,
            Map<DeadLetterReason, Long> deadLettersByReason, long lateDropped, long resultsEmitted, Long watermark,
            long panes, long bufferedElements) {
    }
}
