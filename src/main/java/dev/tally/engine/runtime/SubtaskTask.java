package dev.tally.engine.runtime;

import dev.tally.engine.time.WatermarkValve;
import dev.tally.engine.window.WindowOperator;
import dev.tally.engine.window.WindowOperators;
import dev.tally.engine.window.WindowOutput;
import dev.tally.engine.window.WindowResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One window subtask on its own thread: takes batches from its inbox, applies elements to its window operator,
 * min-combines the readers' watermarks, and handles barriers. With aligned barriers (exactly-once), a reader's
 * batches after its barrier wait until every live reader's barrier arrived; then, for a checkpoint, the subtask
 * serializes its key groups, hands them to the coordinator and goes on. At the end of every reader's input it
 * fires everything with watermark +∞ (and, when checkpointing, waits for the final checkpoint).
 */
final class SubtaskTask implements Runnable, WindowOutput {

    /** Put into an idle subtask's inbox so that it answers a state query at once; carries nothing. */
    private static final Batch WAKE = new Batch(-1, 0, 0);

    private final int index;
    private final BlockingQueue<Batch> inbox;
    private final Outbox[] outboxes;
    private final WindowOperator operator;
    private final JobOutputs outputs;
    private final JobMetrics metrics;
    private final Job job;
    private final int maxParallelism;
    private final boolean aligned;
    private final WatermarkValve valve = new WatermarkValve();
    private final boolean[] ended;
    private final boolean[] blocked;
    private final boolean[] seen;
    private final ArrayDeque<Batch>[] stash;
    private final ConcurrentLinkedQueue<Long> commands = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<StateQueries.Pending> queries = new ConcurrentLinkedQueue<>();
    /** A wake-up is in the inbox and not yet taken (at most one at a time). */
    private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** Queries wait: the one volatile read per batch of the hot path. */
    private volatile boolean queried;
    /** The thread has ended: queries asked from now on are refused. */
    private volatile boolean closed;
    private int endedCount;
    private int barriers;
    private long barrierId;
    private long watermark = Long.MIN_VALUE;
    private long clock = Long.MIN_VALUE;
    private volatile boolean stopping;
    private volatile boolean finalDone;
    private boolean inputDone;

    /**
     * @param restore the key groups this subtask owns in a snapshot, or null to start empty
     */
    @SuppressWarnings("unchecked")
    SubtaskTask(int index, BlockingQueue<Batch> inbox, Outbox[] outboxes, JobPlan plan, JobOutputs outputs,
            JobMetrics metrics, Job job, boolean aligned, SubtaskRestore restore) {
        this.index = index;
        this.inbox = inbox;
        this.outboxes = outboxes;
        this.outputs = outputs;
        this.metrics = metrics;
        this.job = job;
        this.aligned = aligned;
        this.maxParallelism = plan.maxParallelism;
        this.operator = WindowOperators.create(plan.spec, plan.aggregates, plan.stride, plan.deltaColumn, this);
        int readers = outboxes.length;
        valve.channels(readers);
        ended = new boolean[readers];
        blocked = new boolean[readers];
        seen = new boolean[readers];
        stash = new ArrayDeque[readers];
        for (int i = 0; i < readers; i++) {
            stash[i] = new ArrayDeque<>();
        }
        if (restore != null) {
            restore(restore);
        }
    }

    /** Key groups and time of a snapshot, for one subtask. */
    record SubtaskRestore(long watermark, long clock, List<byte[]> groups) {
    }

    private void restore(SubtaskRestore r) {
        operator.restoreTime(r.watermark(), r.clock());
        watermark = r.watermark();
        clock = r.clock();
        metrics.watermark(index, watermark);
        for (byte[] group : r.groups()) {
            try {
                operator.restore(new dev.tally.engine.snapshot.BytesInput(group));
            } catch (IOException e) {
                throw new dev.tally.engine.snapshot.SnapshotException("cannot restore window state: " + e.getMessage(), e);
            }
        }
        operator.restored();
        metrics.state(index, operator.panes(), operator.bufferedElements());
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            closed = true;
            refuseQueries();
        }
    }

    private void loop() {
        try {
            while (!stopping && !finalDone) {
                Batch b = inbox.poll();
                if (b == null) { // empty: time the wait for input (nothing is measured while input is queued)
                    long waitingSince = System.nanoTime();
                    b = inbox.poll(inputDone ? 5 : 50, TimeUnit.MILLISECONDS); // at the end: the final barrier comes
                    metrics.idle(index, System.nanoTime() - waitingSince);
                }
                if (b == WAKE) {
                    wakeQueued.set(false);
                    b = null;
                }
                if (queried) {
                    answerQueries();
                }
                if (b != null) {
                    if (blocked[b.reader]) {
                        stash[b.reader].addLast(b);
                    } else {
                        process(b);
                    }
                }
                Long command = commands.peek();
                if (command != null && endedCount == ended.length) {
                    commands.poll();
                    snapshot(command);
                    job.aligned(index, command);
                }
                if (inputDone && !job.checkpointsAtEnd()) {
                    finalDone = true;
                }
            }
            job.subtaskEnded(index, inputDone);
        } catch (InterruptedException | JobStoppedException e) {
            job.subtaskEnded(index, false);
        } catch (RuntimeException | Error e) {
            job.fail("subtask " + index, e);
        }
    }

    /**
     * Queues a live state query for this subtask's thread, which answers it before its next batch (waking it when
     * idle). Any thread.
     */
    void ask(StateQueries.Pending query) {
        queries.add(query);
        queried = true;
        if (wakeQueued.compareAndSet(false, true) && !inbox.offer(WAKE)) {
            wakeQueued.set(false); // a full inbox: the thread is busy and reads the flag before its next batch
        }
        if (closed) {
            refuseQueries();
        }
    }

    /** Answers every waiting query from the operator's state as it is between two batches. */
    private void answerQueries() {
        queried = false;
        for (StateQueries.Pending q = queries.poll(); q != null; q = queries.poll()) {
            dev.tally.engine.query.QueryCollector part = new dev.tally.engine.query.QueryCollector(q.query);
            try {
                operator.query(q.query.routingKey(), q.query.windowStart(), part);
            } catch (RuntimeException e) {
                q.fail(e); // the query's caller gets the error; the job goes on (its state was only read)
                continue;
            }
            q.answered(part, watermark);
        }
    }

    private void refuseQueries() {
        for (StateQueries.Pending q = queries.poll(); q != null; q = queries.poll()) {
            q.fail(new IllegalStateException("the job is not running: subtask " + index + " has ended"));
        }
    }

    private void process(Batch b) {
        int r = b.reader;
        for (int i = 0; i < b.size; i++) {
            switch (b.kinds[i]) {
                case Batch.ELEMENT -> operator.element(b.keys[i], b.times[i], b.values, i * b.stride, b.raws[i]);
                case Batch.PARTIAL -> operator.partial(b.keys[i], b.times[i], b.values, i * b.stride, b.count(i));
                case Batch.WATERMARK -> {
                    valve.watermark(r, b.times[i]);
                    advance();
                }
                case Batch.IDLE -> {
                    valve.watermark(r, b.times[i]);
                    valve.idle(r);
                    advance();
                }
                case Batch.TICK -> {
                    clock = Math.max(clock, b.times[i]);
                    operator.processingTime(clock);
                }
                case Batch.SYNC -> barrier(r, b.times[i]);
                default -> end(r);
            }
        }
        outboxes[r].recycle(b);
        if (barriers == 0) {
            replay();
        }
    }

    private void advance() {
        long c = valve.combined();
        if (c > watermark) {
            watermark = c;
            operator.watermark(c);
            metrics.watermark(index, c);
        }
    }

    private void barrier(int reader, long id) {
        barrierId = id;
        if (aligned) {
            blocked[reader] = true;
        }
        seen[reader] = true;
        barriers++;
        checkAligned();
    }

    /** Aligned when every reader has either delivered the barrier or ended. */
    private void checkAligned() {
        if (barriers == 0) {
            return;
        }
        for (int r = 0; r < seen.length; r++) {
            if (!seen[r] && !ended[r]) {
                return;
            }
        }
        barriers = 0;
        Arrays.fill(blocked, false);
        Arrays.fill(seen, false);
        snapshot(barrierId);
        job.aligned(index, barrierId);
    }

    private void snapshot(long id) {
        metrics.state(index, operator.panes(), operator.bufferedElements());
        if (!job.isSnapshot(id)) {
            return;
        }
        StateWriter w = new StateWriter(maxParallelism);
        try {
            operator.snapshot(w);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize window state", e);
        }
        job.subtaskReported(index, id, new SubtaskState(w.groups(), w.entries(), outputs.drainPending(index),
                watermark, clock, outputs.counters(index)));
        if (job.isFinalSnapshot(id)) {
            finalDone = true;
        }
    }

    private void replay() {
        for (int r = 0; r < stash.length; r++) {
            while (!blocked[r] && !stash[r].isEmpty()) {
                process(stash[r].pollFirst());
            }
        }
    }

    private void end(int reader) {
        if (ended[reader]) {
            return;
        }
        ended[reader] = true;
        endedCount++;
        valve.watermark(reader, Long.MAX_VALUE);
        advance();
        checkAligned();
        if (endedCount == ended.length) {
            operator.watermark(Long.MAX_VALUE);
            operator.endOfInput();
            metrics.watermark(index, Long.MAX_VALUE);
            metrics.state(index, operator.panes(), operator.bufferedElements());
            inputDone = true;
        }
    }

    /** A barrier from the coordinator when no reader is left to carry it (the final checkpoint). */
    void barrierFromCoordinator(long id) {
        commands.add(id);
    }

    @Override
    public void result(WindowResult result) {
        outputs.result(index, result);
    }

    @Override
    public void late(String key, long ts, byte[] raw) {
        outputs.late(index, key, ts, raw);
    }

    @Override
    public void late(String key, long ts, long count) {
        outputs.late(index, count);
    }

    void stop() {
        stopping = true;
    }
}
