package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.io.kafka.KafkaSinks;
import dev.tally.engine.io.kafka.TransactionalResults;
import dev.tally.engine.snapshot.Manifest;
import java.util.HashMap;
import java.util.Map;

/**
 * What one reader produces besides elements: dead letters, and its counts of records read and filtered. Both go to
 * the job's live figures at once; the reader also keeps its own running totals and, with exactly-once Kafka
 * outputs, buffers its dead letters, and a checkpoint takes both at the reader's barrier ({@link #take()}), so
 * that each dead letter and each count belongs to the checkpoint whose barrier follows its record (as the
 * record's source position does). Not thread-safe: its reader's thread only (the checkpoint coordinator calls
 * {@link #take()} on that thread, at the barrier or at the end of the input).
 */
final class ReaderOutputs {

    private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

    private final JobMetrics metrics;
    private final RecentBuffer<DeadLetter> recent;
    private final KafkaSinks kafka;
    private final TransactionalResults.Buffer exactlyOnce;
    private final long[] deadLetters = new long[REASONS.length];
    private long recordsIn;
    private long filtered;

    /**
     * @param kafka       the at-least-once Kafka outputs, or null
     * @param exactlyOnce this reader's exactly-once buffer, or null
     */
    ReaderOutputs(JobMetrics metrics, RecentBuffer<DeadLetter> recent, KafkaSinks kafka,
            TransactionalResults.Buffer exactlyOnce) {
        this.metrics = metrics;
        this.recent = recent;
        this.kafka = kafka;
        this.exactlyOnce = exactlyOnce;
    }

    /** A record that cannot be counted, with its reason and where it was read. */
    void deadLetter(DeadLetterReason reason, int partition, long offset, byte[] raw) {
        deadLetter(reason, null, partition, offset, raw);
    }

    /** @param detail what went wrong in words, or null (see {@link DeadLetter#detail()}) */
    void deadLetter(DeadLetterReason reason, String detail, int partition, long offset, byte[] raw) {
        metrics.deadLetter(reason);
        deadLetters[reason.ordinal()]++;
        recent.add(new DeadLetter(reason, partition, offset, RecentBuffer.excerpt(raw), detail));
        if (exactlyOnce != null) {
            exactlyOnce.deadLetter(reason.name(), detail, raw);
        } else if (kafka != null) {
            kafka.deadLetter(reason.name(), detail, raw);
        }
    }

    /** Records read and filtered since the last call (the reader publishes them once per poll). */
    void counts(long in, long filteredOut) {
        metrics.recordsIn(in);
        metrics.filtered(filteredOut);
        recordsIn += in;
        filtered += filteredOut;
    }

    /**
     * What a checkpoint takes from a reader.
     *
     * @param pending  the exactly-once dead letters since the previous take (empty when none)
     * @param counters this reader's totals since the job (this run) started
     */
    record Taken(TransactionalResults.Pending pending, Manifest.Counters counters) {

        static final Taken NONE = new Taken(TransactionalResults.Pending.NONE, Manifest.Counters.ZERO);
    }

    /** Takes the buffered dead letters and the running totals, at a barrier. */
    Taken take() {
        Map<String, Long> dead = new HashMap<>();
        for (DeadLetterReason r : REASONS) {
            if (deadLetters[r.ordinal()] > 0) {
                dead.put(r.name(), deadLetters[r.ordinal()]);
            }
        }
        return new Taken(exactlyOnce == null ? TransactionalResults.Pending.NONE : exactlyOnce.drain(),
                new Manifest.Counters(recordsIn, filtered, dead, 0, 0));
    }
}
