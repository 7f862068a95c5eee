package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.io.source.SourceContext;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.time.Timestamps;
import dev.tally.engine.time.PartitionWatermarks;

/**
 * The per-record path of a reader: decode → timestamp → watermark (every record, before the filter) → filter →
 * key → aggregate inputs → the owning subtask's batch. Bad records go to the dead-letter output with their
 * reason: a timestamp outside {@link Timestamps#MIN}..{@link Timestamps#MAX} is
 * {@link DeadLetterReason#TIMESTAMP_OUT_OF_RANGE}, and any exception from one record's decode, timestamp, filter,
 * key or inputs is {@link DeadLetterReason#RECORD_ERROR} with the exception's message: no record fails the job.
 * Not thread-safe: one per reader thread.
 */
final class ReaderPipeline implements SourceContext {

    private final JobPlan plan;
    private final ElementExtractor extractor;
    private final PartitionWatermarks watermarks;
    private final Outbox outbox;
    private final ReaderOutputs outputs;
    private final boolean perRecord;
    private final boolean elementWatermarks;
    private final java.time.Clock clock;
    /** Pre-aggregates elements before the exchange, or null: each element goes to its subtask. */
    private final Combiner combiner;
    private long now;
    /** The timestamp of the record {@link #prepare} accepted last. */
    private long elementTime;
    /** Counts not yet added to the shared metrics (added once per poll: no shared write per record). */
    private long recordsIn;
    private long filtered;
    private long sentWatermark = Long.MIN_VALUE;
    private boolean sentIdle;
    private boolean sentAny;

    ReaderPipeline(JobPlan plan, Outbox outbox, ReaderOutputs outputs, java.time.Clock clock,
            boolean perRecord, boolean elementWatermarks, int maxRecordBytes, Combiner combiner) {
        this.plan = plan;
        this.extractor = new ElementExtractor(plan, maxRecordBytes);
        TimeSpec time = plan.spec.time();
        this.watermarks = new PartitionWatermarks(time.outOfOrderness().toMillis(),
                time.idleTimeout() == null ? 0 : time.idleTimeout().toMillis());
        this.outbox = outbox;
        this.outputs = outputs;
        this.clock = clock;
        this.perRecord = perRecord;
        this.elementWatermarks = elementWatermarks;
        this.combiner = combiner;
    }

    /** Adds the records read and filtered since the last call to the job's metrics. */
    void publishCounts() {
        outputs.counts(recordsIn, filtered);
        recordsIn = 0;
        filtered = 0;
    }

    void partitions(int count, long now) {
        this.now = now;
        watermarks.partitions(count, now);
    }

    void now(long now) {
        this.now = now;
    }

    @Override
    public void record(int partition, byte[] value, long offset) {
        recordsIn++;
        String key;
        try {
            key = prepare(partition, value, offset);
        } catch (JobStoppedException e) {
            throw e;
        } catch (RuntimeException e) { // a record never fails the job: whatever went wrong, it is a dead letter
            outputs.deadLetter(DeadLetterReason.RECORD_ERROR, describe(e), partition, offset, value);
            key = null;
        }
        if (key != null) {
            send(key, elementTime, extractor.inputs(), plan.keepRaw ? value : null);
        }
        if (perRecord) {
            emitWatermark();
        }
    }

    /**
     * A record a {@link PreparedRecords} worker already decoded, timed, filtered and keyed: the same outcome as
     * {@link #record(int, byte[], long)}, without doing that work on this thread.
     */
    @Override
    public void record(int partition, byte[] value, long offset, Object prepared) {
        if (!(prepared instanceof PreparedRecords.Prepared p)) {
            record(partition, value, offset);
            return;
        }
        recordsIn++;
        if (p.timed && elementWatermarks && plan.mode != TimeSpec.Mode.PROCESSING) {
            watermarks.onElement(partition, p.time, now);
        }
        if (p.reason != null) {
            outputs.deadLetter(p.reason, p.detail, partition, offset, value);
        } else if (p.key != null) {
            send(p.key, p.time, p.inputs, plan.keepRaw ? value : null);
        } else if (p.filtered) {
            filtered++;
        } else {
            outputs.deadLetter(DeadLetterReason.MISSING_KEY, partition, offset, value);
        }
        if (perRecord) {
            emitWatermark();
        }
    }

    /**
     * The per-record steps before the exchange: decode, timestamp (into {@link #elementTime}), watermark, filter,
     * key, inputs. A record that fails a step is dead-lettered (or counted as filtered) here.
     *
     * @return the record's key, or null when the record goes no further
     */
    private String prepare(int partition, byte[] value, long offset) {
        DeadLetterReason reason = extractor.decode(value, now);
        if (reason != null) {
            outputs.deadLetter(reason, partition, offset, value);
            return null;
        }
        long ts = extractor.timestamp();
        elementTime = ts;
        if (elementWatermarks && plan.mode != TimeSpec.Mode.PROCESSING) {
            watermarks.onElement(partition, ts, now);
        }
        String key = extractor.select();
        if (key == null) {
            if (extractor.filtered()) {
                filtered++;
            } else {
                outputs.deadLetter(DeadLetterReason.MISSING_KEY, partition, offset, value);
            }
        }
        return key;
    }

    /** An error's type and message, for a dead letter's detail (at most 1,000 characters). */
    static String describe(RuntimeException e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private void send(String key, long ts, long[] inputs, byte[] raw) {
        try {
            if (combiner != null) {
                combiner.add(key, ts, inputs);
            } else {
                int s = KeyGroups.subtask(KeyGroups.keyGroup(key, plan.maxParallelism), plan.maxParallelism,
                        plan.parallelism);
                outbox.element(s, key, ts, inputs, raw);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStoppedException();
        }
    }

    @Override
    public void watermark(int partition, long watermark) {
        watermarks.onWatermark(partition, watermark, now);
        emitWatermark();
    }

    @Override
    public void tick() {
        now = clock.millis();
        control(Batch.TICK, now);
        emitWatermark();
    }

    @Override
    public void sync(long id) {
        control(Batch.SYNC, id);
        try {
            outbox.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStoppedException();
        }
    }

    /**
     * Hands every pre-aggregated partial over to its subtask now, also those of windows the watermark has not
     * closed: called once per periodic watermark interval, so that the subtasks' state (which live state queries
     * read) lags the input by at most that interval. Results do not change: a subtask merges a partial whenever it
     * comes, and one handed over early is never late where its elements were not.
     */
    void flushPartials() {
        if (combiner == null) {
            return;
        }
        try {
            combiner.flush(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStoppedException();
        }
    }

    /** Sends the reader's combined watermark (or its idleness) to every subtask if it changed. */
    void emitWatermark() {
        long wm = watermarks.combined(now);
        boolean idle = watermarks.allIdle();
        if (!sentAny || wm != sentWatermark || idle != sentIdle) {
            sentAny = true;
            sentWatermark = wm;
            sentIdle = idle;
            control(idle ? Batch.IDLE : Batch.WATERMARK, wm);
        }
    }

    /** Where each partition of {@code source} is, for a snapshot. */
    java.util.List<dev.tally.engine.snapshot.Manifest.SourcePartition> positions(
            dev.tally.engine.io.source.SourceReader source, int partitions) {
        java.util.List<dev.tally.engine.snapshot.Manifest.SourcePartition> out = new java.util.ArrayList<>();
        watermarks.combined(now);
        for (int p = 0; p < partitions; p++) {
            out.add(new dev.tally.engine.snapshot.Manifest.SourcePartition(source.partitionId(p), source.position(p),
                    watermarks.watermark(p), watermarks.isIdle(p)));
        }
        return out;
    }

    /** Sets a partition's watermark and idleness from a snapshot. */
    void restore(int partition, long watermark, boolean idle) {
        watermarks.restore(partition, watermark, idle, now);
    }

    /** Drain: watermark +∞ from this reader, so every event-time window fires before the next barrier. */
    void drain() {
        control(Batch.WATERMARK, Long.MAX_VALUE);
    }

    /** End of this reader's input. */
    void end() {
        control(Batch.END, Long.MAX_VALUE);
    }

    /**
     * Sends a control message to every subtask, after the partials it must follow: a watermark closes the windows
     * up to it; idleness (the others' watermarks may pass this reader's), a barrier and the end close all.
     */
    private void control(byte kind, long value) {
        try {
            if (combiner != null && kind != Batch.TICK) {
                combiner.flush(kind == Batch.WATERMARK ? value : Long.MAX_VALUE);
            }
            outbox.broadcast(kind, value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStoppedException();
        }
    }
}
