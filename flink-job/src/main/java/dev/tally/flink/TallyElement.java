package dev.tally.flink;

/**
 * One source record after Tally's per-record steps (decode, time, filter, key, inputs), as it travels through the
 * Flink job. Every record becomes one, also those filtered out or dead-lettered, so that watermarks follow every
 * record with a valid time, as in the embedded engine. A Flink POJO (public fields, no-argument constructor):
 * Flink serializes it with its POJO serializer, never Kryo. Not thread-safe.
 */
public class TallyElement {

    /** A record to count. */
    public static final byte COUNTED = 0;
    /** A record the filter dropped (it still advanced the watermark). */
    public static final byte FILTERED = 1;
    /** A record with a valid time that cannot be counted (its key has no value, or a later step failed). */
    public static final byte DEAD_LETTER = 2;
    /** A record without a valid time: a dead letter that does not advance the watermark. */
    public static final byte UNTIMED_DEAD_LETTER = 3;

    /** {@link #COUNTED}, {@link #FILTERED}, {@link #DEAD_LETTER} or {@link #UNTIMED_DEAD_LETTER}. */
    public byte kind;
    /** The key ({@code ""} for a job without a key); null unless counted. */
    public String key;
    /** Event time, epoch ms ({@link Long#MIN_VALUE} when untimed). */
    public long timestamp;
    /** Aggregate inputs laid out as {@link dev.tally.engine.aggregate.Inputs} says; null unless counted. */
    public long[] inputs;
    /** The record's bytes, for the late and dead-letter outputs; null when the job has neither. */
    public byte[] raw;
    /** Why a dead letter is one: a {@link dev.tally.engine.io.decode.DeadLetterReason} name; else null. */
    public String reason;
    /** A {@code RECORD_ERROR}'s error type and message (at most 1,000 characters); else null. */
    public String detail;

    public TallyElement() {
    }

    /** Whether the record carries a valid time (advances the watermark). */
    public boolean timed() {
        return kind != UNTIMED_DEAD_LETTER;
    }
}
