package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.io.kafka.KafkaSinks;
import dev.tally.engine.io.kafka.TransactionalResults;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.window.WindowResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where everything a job produces goes: results to the result table, any listeners and Kafka; late elements and
 * dead letters to their buffers and Kafka. Counts them. Thread-safe (every part is).
 */
public final class JobOutputs {

    private final JobMetrics metrics;
    private final ResultTable results;
    private final RecentBuffer<DeadLetter> deadLetters = new RecentBuffer<>(100);
    private final RecentBuffer<LateElement> late = new RecentBuffer<>(100);
    private final List<Consumer<WindowResult>> listeners;
    private final KafkaSinks kafka;
    private final boolean keepLate;
    private final TransactionalResults.Buffer[] exactlyOnce;

    /**
     * @param transactional the exactly-once result sink, or null: then Kafka results go out at once
     */
    JobOutputs(JobMetrics metrics, ResultTable results, List<Consumer<WindowResult>> listeners, KafkaSinks kafka,
            boolean keepLate, TransactionalResults transactional, int subtasks) {
        this.metrics = metrics;
        this.results = results;
        this.listeners = List.copyOf(listeners);
        this.kafka = kafka;
        this.keepLate = keepLate;
        this.exactlyOnce = transactional == null ? null : new TransactionalResults.Buffer[subtasks];
        for (int i = 0; exactlyOnce != null && i < subtasks; i++) {
            exactlyOnce[i] = transactional.buffer();
        }
    }

    /** A result of subtask {@code subtask} (the calling thread). */
    void result(int subtask, WindowResult r) {
        metrics.resultEmitted();
        results.accept(r);
        for (Consumer<WindowResult> l : listeners) {
            l.accept(r);
        }
        if (exactlyOnce != null) {
            exactlyOnce[subtask].add(r);
        } else if (kafka != null) {
            kafka.result(r);
        }
    }

    /**
     * A result of the old version drained before the job starts (policy drain-first), in the new version's
     * aggregate layout: counted, into the result table and the listeners. Its Kafka topics are the old version's,
     * written by the drain itself.
     */
    void drained(WindowResult r) {
        metrics.resultEmitted();
        results.accept(r);
        for (Consumer<WindowResult> l : listeners) {
            l.accept(r);
        }
    }

    /** The subtask's exactly-once results since its previous barrier (called by that subtask at a barrier). */
    TransactionalResults.Pending drainPending(int subtask) {
        return exactlyOnce == null ? TransactionalResults.Pending.NONE : exactlyOnce[subtask].drain();
    }

    void late(String key, long ts, byte[] raw) {
        metrics.lateDropped();
        if (keepLate) {
            late.add(new LateElement(key, ts, RecentBuffer.excerpt(raw)));
            if (kafka != null) {
                kafka.late(key, ts, raw);
            }
        }
    }

    /** Pre-aggregated elements dropped as late (a job without late output). */
    void late(long count) {
        metrics.lateDropped(count);
    }

    void deadLetter(DeadLetterReason reason, int partition, long offset, byte[] raw) {
        deadLetter(reason, null, partition, offset, raw);
    }

    /** @param detail what went wrong in words, or null (see {@link DeadLetter#detail()}) */
    void deadLetter(DeadLetterReason reason, String detail, int partition, long offset, byte[] raw) {
        metrics.deadLetter(reason);
        deadLetters.add(new DeadLetter(reason, partition, offset, RecentBuffer.excerpt(raw), detail));
        if (kafka != null) {
            kafka.deadLetter(reason.name(), detail, raw);
        }
    }

    public ResultTable results() {
        return results;
    }

    /** The most recent dead letters, oldest first. */
    public List<DeadLetter> deadLetters() {
        return deadLetters.recent();
    }

    /** The most recent late elements, oldest first (only when the spec has a late output). */
    public List<LateElement> late() {
        return late.recent();
    }

    void close() {
        if (kafka != null) {
            kafka.flush();
            kafka.close();
        }
    }
}
