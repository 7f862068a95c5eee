package dev.tally.engine.runtime;

import dev.tally.engine.expr.Values;
import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.io.decode.DecodedRow;
import dev.tally.engine.io.decode.JsonDecoder;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.time.Timestamps;

/**
 * The per-record steps of a reader before the exchange, in two calls so that the caller can update watermarks in
 * between (watermarks follow every record with a valid time, before the filter): {@link #decode} reads the record
 * and its time, {@link #select} applies the filter and computes the key and the aggregate inputs. Used by the
 * engine's readers and by the Flink job, so both count the same records the same way. Any step may throw a
 * {@link RuntimeException} for one record (the caller dead-letters it as {@link DeadLetterReason#RECORD_ERROR}).
 * Not thread-safe: one per reader thread.
 */
public final class ElementExtractor {

    private final JobPlan plan;
    private final JsonDecoder decoder;
    private final DecodedRow row;
    private final long[] inputs;
    private long timestamp;
    private boolean filtered;

    /** @param maxRecordBytes larger records are dead letters ({@link DeadLetterReason#TOO_LARGE}) */
    public ElementExtractor(JobPlan plan, int maxRecordBytes) {
        this.plan = plan;
        this.decoder = new JsonDecoder(plan.layout, maxRecordBytes);
        this.row = new DecodedRow(plan.layout.size());
        this.inputs = new long[plan.stride];
    }

    /**
     * Decodes a record and reads its time: the event-time field, or {@code now} (clamped to the supported range)
     * for processing and ingestion time.
     *
     * @param value the record's bytes (JSON)
     * @param now   the clock, epoch ms
     * @return null when the record has a valid time ({@link #timestamp()}), else why it is a dead letter
     */
    public DeadLetterReason decode(byte[] value, long now) {
        DeadLetterReason reason = decoder.decode(value, row);
        if (reason != null) {
            return reason;
        }
        if (plan.mode != TimeSpec.Mode.EVENT) {
            timestamp = Timestamps.clamp(now);
            return null;
        }
        if (row.hasLong(plan.timeSlot)) {
            timestamp = row.longValue(plan.timeSlot);
            return Timestamps.inRange(timestamp) ? null : DeadLetterReason.TIMESTAMP_OUT_OF_RANGE;
        }
        Object field = row.get(plan.timeSlot);
        if (field == null) {
            return DeadLetterReason.MISSING_TIMESTAMP;
        }
        timestamp = EventTime.parse(field, plan.spec.time().format());
        if (timestamp == EventTime.INVALID) {
            return DeadLetterReason.INVALID_TIMESTAMP;
        }
        return timestamp == EventTime.OUT_OF_RANGE ? DeadLetterReason.TIMESTAMP_OUT_OF_RANGE : null;
    }

    /** The time of the record {@link #decode} accepted last, epoch ms. */
    public long timestamp() {
        return timestamp;
    }

    /**
     * Applies the filter to the record {@link #decode} accepted last, then computes its key and aggregate inputs.
     *
     * @return the key ({@code ""} for a job without a key expression), or null when the record goes no further:
     *         {@link #filtered()} then says whether the filter dropped it, else its key has no value
     *         ({@link DeadLetterReason#MISSING_KEY})
     */
    public String select() {
        filtered = plan.filter != null && !plan.filter.test(row);
        if (filtered) {
            return null;
        }
        String key = plan.key == null ? "" : Values.text(plan.key.eval(row));
        if (key != null) {
            plan.inputs(row, inputs);
        }
        return key;
    }

    /** Whether the filter dropped the record {@link #select} saw last. */
    public boolean filtered() {
        return filtered;
    }

    /**
     * The aggregate inputs of the record {@link #select} kept last, laid out as
     * {@link dev.tally.engine.aggregate.Inputs} says; overwritten by the next record (copy to keep them).
     */
    public long[] inputs() {
        return inputs;
    }
}
