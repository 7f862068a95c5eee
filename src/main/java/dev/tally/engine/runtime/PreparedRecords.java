package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.io.source.RecordPreparer;

/**
 * Does a reader's per-record steps before the exchange (decode, time, filter, key, aggregate inputs) ahead of the
 * reader, on any thread, with one {@link ElementExtractor} per worker: {@link ReaderPipeline} then only updates
 * the watermark, counts and routes (see {@link ReaderPipeline#record(int, byte[], long, Object)}), with exactly
 * the outcome of its own path. For replays, whose single merging reader would otherwise decode on one core.
 * Thread-safe (the plan is immutable; each worker is one thread's).
 */
public final class PreparedRecords implements RecordPreparer {

    private final JobPlan plan;
    private final int maxRecordBytes;

    /**
     * @param plan           the job's plan (the same spec as the job that receives the records)
     * @param maxRecordBytes larger records are dead letters
     */
    public PreparedRecords(JobPlan plan, int maxRecordBytes) {
        this.plan = plan;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** One record's outcome. Immutable once made. */
    static final class Prepared {

        /** Why it is a dead letter (with {@link #detail} for a record error), or null. */
        DeadLetterReason reason;
        String detail;
        /** Whether {@link #time} is valid: the watermark follows it (also when a later step failed). */
        boolean timed;
        long time;
        /** The key, or null: then {@link #filtered} says whether the filter dropped it, else it has no key. */
        String key;
        boolean filtered;
        long[] inputs;
    }

    @Override
    public Worker worker() {
        ElementExtractor extractor = new ElementExtractor(plan, maxRecordBytes);
        return new Worker() {
            @Override
            public Object prepare(byte[] value) {
                Prepared p = new Prepared();
                try {
                    p.reason = extractor.decode(value, 0);
                    if (p.reason != null) {
                        return p;
                    }
                    p.timed = true;
                    p.time = extractor.timestamp();
                    p.key = extractor.select();
                    if (p.key == null) {
                        p.filtered = extractor.filtered();
                    } else {
                        p.inputs = extractor.inputs().clone();
                    }
                } catch (RuntimeException e) { // as the reader's own path: the record is a dead letter
                    p.reason = DeadLetterReason.RECORD_ERROR;
                    p.detail = ReaderPipeline.describe(e);
                    p.key = null;
                }
                return p;
            }

            @Override
            public long time(Object prepared) {
                Prepared p = (Prepared) prepared;
                return p.timed ? p.time : Long.MIN_VALUE;
            }
        };
    }
}
