package dev.tally.engine.runtime;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.io.kafka.KafkaSinks;
import dev.tally.engine.io.kafka.ResultJson;
import dev.tally.engine.io.kafka.TransactionalResults;
import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.spec.CheckpointSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.window.TimeWindows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
 * (each owning a contiguous range of key groups) through bounded inboxes of batches, and a checkpoint
 * coordinator. Coordinates only: start, restore, barriers, end, failure and stop. Thread-safe.
 */
public final class Job {

    private final String runId;
    /** Random per run: recorded in its snapshots and carried by its commit markers ({@link TransactionalResults}). */
    private final String writerId = java.util.UUID.randomUUID().toString();
    private final JobPlan plan;
    private final JobMetrics metrics;
    private final JobOutputs outputs;
    private final ReaderTask[] readers;
    private final SubtaskTask[] subtasks;
    private final Thread[] threads;
    private final CountDownLatch done;
    private final CheckpointCoordinator coordinator;
    private final StateQueries queries;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger finishedSubtasks = new AtomicInteger();
    private final AtomicLong syncIds = new AtomicLong();
    private final Map<Long, Barrier> barriers = new ConcurrentHashMap<>();
    private final boolean[] readerEnded;
    private volatile long finalSnapshot = Long.MIN_VALUE;
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
        RestorePlan restore = options.restore() == null ? null : RestorePlan.of(options.restore(), spec);
        this.metrics = new JobMetrics(p, r);
        if (restore != null) {
            metrics.restore(restore.snapshot().manifest().counters());
        }
        String bootstrap = SpecConfinement.bootstrap(spec, config);
        ResultJson json = new ResultJson(spec.aggregateNames(), plan.aggregates);
        boolean exactlyOnce = spec.exactlyOnceKafka() && options.checkpoints() != null;
        TransactionalResults transactional = exactlyOnce ? new TransactionalResults(bootstrap,
                options.transactionalId() != null ? options.transactionalId() : "tally-" + spec.name(), writerId,
                TransactionalResults.Topics.of(spec.sinks()), json, spec.checkpoints().transactionTimeout(),
                options.jobVersion()) : null;
        KafkaSinks kafka = !exactlyOnce && KafkaSinks.any(spec.sinks())
                ? new KafkaSinks(bootstrap, "tally-" + runId, spec.sinks(), json, options.jobVersion()) : null;
        this.outputs = new JobOutputs(metrics, new ResultTable(config.resultWindows()), options.listeners(), kafka,
                plan.keepRaw, transactional, p, r);
        if (transactional != null) {
            Manifest restored = restore == null ? null : restore.snapshot().manifest();
            transactional.start(p, restored == null ? 0 : restored.checkpointId(),
                    restored == null ? null : restored.writerId(), restore == null ? null : restore.pendingOutputs());
        }
        if (restore != null && restore.drainOld()) {
            OldVersionDrain.run(restore, config, outputs, spec.aggregateNames());
        }
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
        boolean aligned = spec.checkpoints() == null || spec.checkpoints().mode() == CheckpointSpec.Mode.EXACTLY_ONCE;
        Map<Integer, Manifest.SourcePartition> positions = restore == null ? null : restore.sources();
        Outbox[] outboxes = new Outbox[r];
        this.readers = new ReaderTask[r];
        this.readerEnded = new boolean[r];
        TimeWindows partials = options.combine() ? plan.partialWindows : null;
        for (int i = 0; i < r; i++) {
            outboxes[i] = new Outbox(i, partials != null ? plan.aggregates.width() + 1 : plan.stride, inboxes,
                    () -> stopping, metrics);
            ReaderPipeline pipeline = new ReaderPipeline(plan, outboxes[i], outputs.reader(i), config.clock(),
                    perRecord, options.elementWatermarks(), config.maxRecordBytes(),
                    partials == null ? null : new Combiner(partials, plan, outboxes[i]));
            readers[i] = new ReaderTask(i, source.reader(i, r), pipeline, outboxes[i], config.clock(), perRecord,
                    ticks, spec.time().interval().toMillis(), this, positions);
        }
        this.subtasks = new SubtaskTask[p];
        // restoring state is CPU-bound: the subtasks restore their key groups in parallel
        java.util.stream.IntStream.range(0, p).parallel().forEach(i -> {
            SubtaskTask.SubtaskRestore sr = restore == null ? null : new SubtaskTask.SubtaskRestore(
                    restore.snapshot().manifest().watermark(), restore.snapshot().manifest().clock(),
                    restore.groupsOf(i, p, plan.maxParallelism));
            subtasks[i] = new SubtaskTask(i, inboxes[i], outboxes, plan, outputs, metrics, this, aligned, sr);
        });
        this.queries = new StateQueries(subtasks, plan.maxParallelism);
        boolean snapshots = options.checkpoints() != null || options.savepoints() != null;
        this.coordinator = !snapshots ? null : new CheckpointCoordinator(this, plan, options.checkpoints(),
                options.savepoints(), transactional, config.clock(),
                restore == null ? 1 : restore.snapshot().manifest().checkpointId() + 1,
                restore == null ? null : restore.snapshot().id(), options.jobVersion(), r);
        this.threads = new Thread[r + p];
        this.done = new CountDownLatch(r + p);
        for (int i = 0; i < p; i++) {
            threads[i] = new Thread(subtasks[i], "tally-" + runId + "-s" + i);
        }
        for (int i = 0; i < r; i++) {
            threads[p + i] = new Thread(readers[i], "tally-" + runId + "-r" + i);
        }
    }

    /**
     * Starts the periodic checkpoints, then every thread: in this order, because a job with nothing to read can
     * end, and close its coordinator, before a coordinator started afterwards could schedule its timer.
     */
    public void start() {
        if (coordinator != null) {
            coordinator.start();
        }
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
    }

    /** Injects a barrier at every reader; completes when every subtask has aligned on it. */
    public CompletableFuture<Void> sync() {
        long id = -syncIds.incrementAndGet();
        CompletableFuture<Void> f = expectBarrier(id);
        requestBarrier(id, false);
        return f;
    }

    /** A future for a barrier that the source itself injects (scripted sources). */
    public CompletableFuture<Void> expectBarrier(long id) {
        return barriers.computeIfAbsent(id, k -> new Barrier(new AtomicInteger(), new CompletableFuture<>())).done();
    }

    /**
     * Takes a snapshot now.
     *
     * @param savepoint a savepoint (the user's) rather than a checkpoint
     * @param drain     fire every window first (watermark +∞); implies stop
     * @param stop      stop the job once the snapshot is stored
     * @return completes with the snapshot's id
     */
    public CompletableFuture<String> snapshot(boolean savepoint, boolean drain, boolean stop) {
        if (coordinator == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("this job has no snapshot storage"));
        }
        return coordinator.trigger(savepoint ? "SAVEPOINT" : "CHECKPOINT",
                drain ? "DRAIN" : stop ? "STOP" : "MANUAL", drain, stop);
    }

    /**
     * Reads live window state: the owning subtasks answer between two batches, without stopping.
     *
     * @return completes with the answer, or exceptionally with {@link IllegalStateException} when the job is not
     *         running (or its subtasks end before answering)
     */
    public CompletableFuture<dev.tally.engine.query.StateAnswer> query(dev.tally.engine.query.StateQuery query) {
        JobState s = state;
        if (s != JobState.RUNNING && s != JobState.STARTING) {
            return CompletableFuture.failedFuture(new IllegalStateException("the job is not running: it is " + s));
        }
        // read before asking: every subtask has passed this checkpoint's barrier before it answers
        StateQueries.Stamp stamp = coordinator == null ? StateQueries.Stamp.NONE : coordinator.lastStamp();
        return queries.ask(query, stamp);
    }

    public CheckpointStats checkpoints() {
        return coordinator == null ? new CheckpointStats(0, 0, null, 0, 0, 0, null, mode()) : coordinator.stats();
    }

    synchronized void requestBarrier(long id, boolean drain) {
        boolean anyLive = false;
        for (int i = 0; i < readers.length; i++) {
            if (!readerEnded[i]) {
                readers[i].requestBarrier(id, drain);
                anyLive = true;
            }
        }
        if (!anyLive) {
            if (coordinator != null && coordinator.isSnapshot(id)) {
                finalSnapshot = id;
            }
            for (SubtaskTask s : subtasks) {
                s.barrierFromCoordinator(id);
            }
        }
    }

    void readerReported(int reader, long id, List<Manifest.SourcePartition> positions) {
        if (coordinator != null) {
            coordinator.readerReported(reader, id, positions);
        }
    }

    /**
     * A reader is about to end: barriers requested from now on skip it (see {@link #requestBarrier}). Under this
     * job's lock, so a barrier is either requested of the reader before (and the reader carries it) or not at all.
     */
    synchronized void readerEnding(int reader) {
        readerEnded[reader] = true;
    }

    void readerFinished(int reader, List<Manifest.SourcePartition> positions) {
        if (coordinator != null) {
            coordinator.readerFinished(reader, positions);
        }
    }

    void subtaskReported(int subtask, long id, SubtaskState state) {
        coordinator.subtaskReported(subtask, id, state);
    }

    boolean isSnapshot(long id) {
        return coordinator != null && coordinator.isSnapshot(id);
    }

    boolean isFinalSnapshot(long id) {
        return id == finalSnapshot;
    }

    /** Whether subtasks wait for a final checkpoint at the end of input. */
    boolean checkpointsAtEnd() {
        return coordinator != null && coordinator.periodic();
    }

    void stopAfterSnapshot() {
        if (state == JobState.RUNNING || state == JobState.STARTING) {
            state = JobState.STOPPED;
        }
        halt();
    }

    void aligned(int subtask, long id) {
        Barrier b = barriers.get(id);
        if (b != null && b.aligned().incrementAndGet() == subtasks.length) {
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
            closeOutputs();
            if (state != JobState.FAILED && state != JobState.STOPPED) {
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

    private void closeOutputs() {
        if (coordinator != null) {
            coordinator.close();
        }
        outputs.close();
    }

    /** Stops the job and waits for its threads, at most {@code timeout}. */
    public void stop(Duration timeout) throws InterruptedException {
        if (state == JobState.STARTING || state == JobState.RUNNING) {
            state = JobState.STOPPED;
        }
        halt();
        done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (state != JobState.FINISHED) {
            closeOutputs();
        }
    }

    /** Waits until every thread has ended (bounded input read and emitted, failure, or stop). */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int subtaskCount() {
        return subtasks.length;
    }

    String mode() {
        CheckpointSpec c = plan.spec.checkpoints();
        return c == null || c.mode() == CheckpointSpec.Mode.EXACTLY_ONCE ? "EXACTLY_ONCE" : "AT_LEAST_ONCE";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** This run's writer id (see {@link TransactionalResults}). */
    String writerId() {
        return writerId;
    }

    public JobMetrics metrics() {
        return metrics;
    }

    public JobOutputs outputs() {
        return outputs;
    }
}
