package dev.tally.engine.runtime;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.io.kafka.KafkaSinks;
import dev.tally.engine.io.kafka.ResultJson;
import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.TimeSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running job: R reader threads (partition {@code p} read by reader {@code p mod R}) feeding P subtask threads
 * (each owning a contiguous range of key groups) through bounded inboxes of batches. Coordinates only: start,
 * barriers, end, failure and stop. Thread-safe.
 */
public final class Job {

    private final String runId;
    private final JobPlan plan;
    private final JobMetrics metrics;
    private final JobOutputs outputs;
    private final ReaderTask[] readers;
    private final SubtaskTask[] subtasks;
    private final Thread[] threads;
    private final CountDownLatch done;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger finishedSubtasks = new AtomicInteger();
    private final AtomicLong barrierIds = new AtomicLong();
    private final Map<Long, Barrier> barriers = new ConcurrentHashMap<>();
    private volatile JobState state = JobState.STARTING;
    private volatile String error;
    private volatile boolean stopping;

    /** Alignment progress of one barrier. */
    private record Barrier(AtomicInteger aligned, CompletableFuture<Void> done) {
    }

    @SuppressWarnings("unchecked")
    public Job(String runId, JobPlan plan, EngineConfig config, JobOptions options) {
        this.runId = runId;
        this.plan = plan;
        JobSpec spec = plan.spec;
        int p = spec.parallelism();
        int r = Sources.readers(spec);
        this.metrics = new JobMetrics(p);
        KafkaSinks kafka = KafkaSinks.any(spec.sinks()) ? new KafkaSinks(Sources.bootstrap(spec, config),
                "tally-" + runId, spec.sinks(), new ResultJson(spec.aggregateNames(), plan.aggregates)) : null;
        this.outputs = new JobOutputs(metrics, new ResultTable(config.resultWindows()), options.listeners(), kafka,
                plan.keepRaw);
        Source source = options.source() != null ? options.source() : Sources.create(spec, config, runId, options);
        BlockingQueue<Batch>[] inboxes = new BlockingQueue[p];
        for (int i = 0; i < p; i++) {
            inboxes[i] = new ArrayBlockingQueue<>(16 * r);
        }
        TimeSpec.Emission emission = options.emission() != null ? options.emission()
                : spec.time().emission() != null ? spec.time().emission()
                : spec.boundedSource() || options.untilEnd() ? TimeSpec.Emission.PER_RECORD : TimeSpec.Emission.PERIODIC;
        boolean perRecord = emission == TimeSpec.Emission.PER_RECORD;
        boolean ticks = spec.time().mode() == TimeSpec.Mode.PROCESSING
                || (spec.trigger() != null && spec.trigger().processingTime()) || spec.time().idleTimeout() != null;
        Outbox[] outboxes = new Outbox[r];
        this.readers = new ReaderTask[r];
        for (int i = 0; i < r; i++) {
            outboxes[i] = new Outbox(i, plan.stride, inboxes, () -> stopping);
            ReaderPipeline pipeline = new ReaderPipeline(plan, outboxes[i], outputs, metrics, config.clock(),
                    perRecord, options.elementWatermarks(), config.maxRecordBytes());
            readers[i] = new ReaderTask(i, source.reader(i, r), pipeline, outboxes[i], config.clock(), perRecord,
                    ticks, spec.time().interval().toMillis(), this);
        }
        this.subtasks = new SubtaskTask[p];
        for (int i = 0; i < p; i++) {
            subtasks[i] = new SubtaskTask(i, inboxes[i], outboxes, plan, outputs, metrics, this);
        }
        this.threads = new Thread[r + p];
        this.done = new CountDownLatch(r + p);
        for (int i = 0; i < p; i++) {
            threads[i] = new Thread(subtasks[i], "tally-" + runId + "-s" + i);
        }
        for (int i = 0; i < r; i++) {
            threads[p + i] = new Thread(readers[i], "tally-" + runId + "-r" + i);
        }
    }

    /** Starts every thread. */
    public void start() {
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
    }

    /** Injects a barrier at every reader; completes when every subtask has aligned on it. */
    public CompletableFuture<Void> sync() {
        long id = barrierIds.incrementAndGet();
        CompletableFuture<Void> f = expectBarrier(id);
        for (ReaderTask r : readers) {
            r.requestSync(id);
        }
        return f;
    }

    /** A future for a barrier that the source itself injects (scripted sources). */
    public CompletableFuture<Void> expectBarrier(long id) {
        return barriers.computeIfAbsent(id, k -> new Barrier(new AtomicInteger(), new CompletableFuture<>())).done();
    }

    void aligned(int subtask, long id) {
        Barrier b = barriers.computeIfAbsent(id, k -> new Barrier(new AtomicInteger(), new CompletableFuture<>()));
        if (b.aligned().incrementAndGet() == subtasks.length) {
            barriers.remove(id);
            b.done().complete(null);
        }
    }

    void readerOpened(int index) {
        if (opened.incrementAndGet() == readers.length && state == JobState.STARTING) {
            error = null;
            state = JobState.RUNNING;
        }
    }

    void note(String message) {
        error = message;
    }

    void readerEnded(int index) {
        done.countDown();
    }

    void subtaskEnded(int index, boolean finished) {
        if (finished && finishedSubtasks.incrementAndGet() == subtasks.length) {
            outputs.close();
            if (state != JobState.FAILED) {
                state = JobState.FINISHED;
            }
        }
        done.countDown();
    }

    void fail(String where, Throwable e) {
        error = where + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        state = JobState.FAILED;
        barriers.values().forEach(b -> b.done().completeExceptionally(e));
        halt();
    }

    private void halt() {
        stopping = true;
        for (ReaderTask r : readers) {
            r.stop();
        }
        for (SubtaskTask s : subtasks) {
            s.stop();
        }
    }

    /** Stops the job and waits for its threads, at most {@code timeout}. */
    public void stop(Duration timeout) throws InterruptedException {
        if (state == JobState.STARTING || state == JobState.RUNNING) {
            state = JobState.STOPPED;
        }
        halt();
        done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (state == JobState.STOPPED) {
            outputs.close();
        }
    }

    /** Waits until every thread has ended (bounded input read and emitted, failure, or stop). */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String runId() {
        return runId;
    }

    public JobPlan plan() {
        return plan;
    }

    public JobState state() {
        return state;
    }

    /** The error that stopped the job, or a note while it starts; null when all is well. */
    public String error() {
        return error;
    }

    public JobMetrics metrics() {
        return metrics;
    }

    public JobOutputs outputs() {
        return outputs;
    }
}
