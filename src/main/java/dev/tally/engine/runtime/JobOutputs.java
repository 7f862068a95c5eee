package dev.tally.engine.runtime;

import dev.tally.engine.io.kafka.KafkaSinks;
import dev.tally.engine.io.kafka.TransactionalResults;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.window.WindowResult;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where everything a job produces goes: results to the result table, any listeners and Kafka; late elements and
 * dead letters (the latter through each reader's {@link ReaderOutputs}) to their buffers and Kafka. Kafka outputs
 * go either at once through the at-least-once {@link KafkaSinks}, or, with exactly-once checkpoints, into the
 * buffers of {@link TransactionalResults} that each checkpoint takes at its barrier. Counts everything, in the
 * live metrics and as per-subtask totals that checkpoints take. Thread-safe: each subtask and reader uses only its
 * own slot.
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
    private final ReaderOutputs[] readers;
    /** Per subtask: results emitted and elements dropped as late by this run; each slot written by its subtask. */
    private final long[] resultCounts;
    private final long[] lateCounts;

    /**
     * @param kafka         the at-least-once Kafka outputs, or null (none, or all exactly-once)
     * @param transactional the exactly-once Kafka outputs, or null: then Kafka outputs go out at once
     */
    JobOutputs(JobMetrics metrics, ResultTable results, List<Consumer<WindowResult>> listeners, KafkaSinks kafka,
            boolean keepLate, TransactionalResults transactional, int subtasks, int readerCount) {
        this.metrics = metrics;
        this.results = results;
        this.listeners = List.copyOf(listeners);
        this.kafka = kafka;
        this.keepLate = keepLate;
        this.exactlyOnce = transactional == null ? null : new TransactionalResults.Buffer[subtasks];
        for (int i = 0; exactlyOnce != null && i < subtasks; i++) {
            exactlyOnce[i] = transactional.buffer();
        }
        this.readers = new ReaderOutputs[readerCount];
        for (int i = 0; i < readerCount; i++) {
            readers[i] = new ReaderOutputs(metrics, deadLetters, kafka,
                    transactional == null ? null : transactional.buffer());
        }
        this.resultCounts = new long[subtasks];
        this.lateCounts = new long[subtasks];
    }

    /** The outputs of reader {@code reader}. */
    ReaderOutputs reader(int reader) {
        return readers[reader];
    }

    /** A result of subtask {@code subtask} (the calling thread). */
    void result(int subtask, WindowResult r) {
        metrics.resultEmitted();
        resultCounts[subtask]++;
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
     * aggregate layout: counted (also in the figures the job's checkpoints keep), into the result table and the
     * listeners. Its Kafka topics are the old version's,
     * written by the drain itself.
     */
    void drained(WindowResult r) {
        metrics.resultEmitted();
        resultCounts[0]++; // before any subtask thread starts: counted in subtask 0's checkpointed figures
        results.accept(r);
        for (Consumer<WindowResult> l : listeners) {
            l.accept(r);
        }
    }

    /** An element that subtask {@code subtask} (the calling thread) dropped as late. */
    void late(int subtask, String key, long ts, byte[] raw) {
        metrics.lateDropped();
        lateCounts[subtask]++;
        if (keepLate) {
            late.add(new LateElement(key, ts, RecentBuffer.excerpt(raw)));
            if (exactlyOnce != null) {
                exactlyOnce[subtask].late(key, raw);
            } else if (kafka != null) {
                kafka.late(key, ts, raw);
            }
        }
    }

    /** Pre-aggregated elements that subtask {@code subtask} dropped as late (a job without late output). */
    void late(int subtask, long count) {
        metrics.lateDropped(count);
        lateCounts[subtask] += count;
    }

    /** The subtask's exactly-once outputs since its previous barrier (called by that subtask at a barrier). */
    TransactionalResults.Pending drainPending(int subtask) {
        return exactlyOnce == null ? TransactionalResults.Pending.NONE : exactlyOnce[subtask].drain();
    }

    /** The subtask's counts since this run started (called by that subtask at a barrier). */
    Manifest.Counters counters(int subtask) {
        return new Manifest.Counters(0, 0, Map.of(), lateCounts[subtask], resultCounts[subtask]);
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
