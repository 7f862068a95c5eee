package dev.tally.control.replay;

import dev.tally.control.compare.Comparison;
import dev.tally.engine.RunningJob;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.replay.Replays;
import java.time.Duration;

/**
 * The live state of one replay in this service: its plan, the engine run of the current phase (the replay, then a
 * baseline replay when there is one), progress over all phases, the comparison, and whether a user cancelled it.
 * Written by the replay's thread, read by request threads (volatile fields). Progress counts Kafka offsets of
 * the range (file lines for a file) over every phase: a baseline replay reads the same range again, so the total
 * is twice the range.
 */
final class ReplayRun {

    final long id;
    final ReplayPlan plan;
    final long startedAtMillis;
    /** Phases that read the range: 2 when the baseline is a replay, else 1. */
    final int phases;
    volatile int phase;
    volatile String phaseName = "replay";
    volatile RunningJob current;
    volatile Replays.Prepared prepared;
    /** Offsets and records of the phases already done. */
    volatile long consumedBefore;
    volatile long recordsBefore;
    volatile long rangeTotal = -1;
    volatile boolean cancelled;
    volatile Comparison comparison;
    volatile ResultTable table;
    volatile Long results;
    volatile Long lateDropped;

    ReplayRun(long id, ReplayPlan plan, long startedAtMillis) {
        this.id = id;
        this.plan = plan;
        this.startedAtMillis = startedAtMillis;
        this.phases = plan.baselineTopic() == null ? 2 : 1;
    }

    void cancel() {
        cancelled = true;
        RunningJob job = current;
        if (job != null) {
            try {
                job.stop(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long[] now() {
        RunningJob job = current;
        Replays.Prepared p = prepared;
        return job == null || p == null ? new long[] {0, -1} : p.progress(job);
    }

    /** Offsets (or lines) consumed over all phases so far. */
    long consumed() {
        return consumedBefore + Math.max(0, now()[0]);
    }

    /** The total over all phases; -1 until the first phase has opened its range. */
    long total() {
        long t = rangeTotal >= 0 ? rangeTotal : now()[1];
        return t < 0 ? -1 : t * phases;
    }

    /** Records read over all phases (what the job counted as read: within an event-time range only). */
    long recordsRead() {
        RunningJob job = current;
        return recordsBefore + (job == null ? 0 : job.metrics().recordsIn());
    }
}
