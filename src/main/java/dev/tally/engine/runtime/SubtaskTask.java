package dev.tally.engine.runtime;

import dev.tally.engine.time.WatermarkValve;
import dev.tally.engine.window.WindowOperator;
import dev.tally.engine.window.WindowOutput;
import dev.tally.engine.window.WindowResult;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One window subtask on its own thread: takes batches from its inbox, applies elements to its window operator,
 * min-combines the readers' watermarks, aligns barriers (a reader's batches after its barrier wait until every
 * reader's barrier arrived), and at the end of every reader's input fires everything with watermark +∞.
 */
final class SubtaskTask implements Runnable, WindowOutput {

    private final int index;
    private final BlockingQueue<Batch> inbox;
    private final Outbox[] outboxes;
    private final WindowOperator operator;
    private final JobOutputs outputs;
    private final JobMetrics metrics;
    private final Job job;
    private final WatermarkValve valve = new WatermarkValve();
    private final boolean[] ended;
    private final boolean[] blocked;
    private final ArrayDeque<Batch>[] stash;
    private int endedCount;
    private int barriers;
    private long barrierId = -1;
    private long watermark = Long.MIN_VALUE;
    private long clock = Long.MIN_VALUE;
    private volatile boolean stopping;
    private boolean finished;

    @SuppressWarnings("unchecked")
    SubtaskTask(int index, BlockingQueue<Batch> inbox, Outbox[] outboxes, JobPlan plan, JobOutputs outputs,
            JobMetrics metrics, Job job) {
        this.index = index;
        this.inbox = inbox;
        this.outboxes = outboxes;
        this.outputs = outputs;
        this.metrics = metrics;
        this.job = job;
        this.operator = dev.tally.engine.window.WindowOperators.create(plan.spec, plan.aggregates, plan.stride,
                plan.deltaColumn, this);
        int readers = outboxes.length;
        valve.channels(readers);
        ended = new boolean[readers];
        blocked = new boolean[readers];
        stash = new ArrayDeque[readers];
        for (int i = 0; i < readers; i++) {
            stash[i] = new ArrayDeque<>();
        }
    }

    @Override
    public void run() {
        try {
            while (!stopping && !finished) {
                Batch b = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    if (blocked[b.reader]) {
                        stash[b.reader].addLast(b);
                    } else {
                        process(b);
                    }
                }
            }
            job.subtaskEnded(index, finished);
        } catch (InterruptedException | JobStoppedException e) {
            job.subtaskEnded(index, false);
        } catch (RuntimeException | Error e) {
            job.fail("subtask " + index, e);
        }
    }

    private void process(Batch b) {
        int r = b.reader;
        for (int i = 0; i < b.size; i++) {
            switch (b.kinds[i]) {
                case Batch.ELEMENT -> operator.element(b.keys[i], b.times[i], b.values, i * b.stride, b.raws[i]);
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
        blocked[reader] = true;
        if (++barriers == blocked.length) {
            metrics.state(index, operator.panes(), operator.bufferedElements());
            job.aligned(index, barrierId);
            barriers = 0;
            java.util.Arrays.fill(blocked, false);
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
        valve.watermark(reader, Long.MAX_VALUE);
        advance();
        if (++endedCount == ended.length) {
            operator.watermark(Long.MAX_VALUE);
            operator.endOfInput();
            metrics.watermark(index, Long.MAX_VALUE);
            metrics.state(index, operator.panes(), operator.bufferedElements());
            finished = true;
        }
    }

    @Override
    public void result(WindowResult result) {
        outputs.result(result);
    }

    @Override
    public void late(String key, long ts, byte[] raw) {
        outputs.late(key, ts, raw);
    }

    void stop() {
        stopping = true;
    }
}
