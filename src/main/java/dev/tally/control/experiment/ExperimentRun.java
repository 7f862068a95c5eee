package dev.tally.control.experiment;

import dev.tally.control.compare.Comparison;
import dev.tally.control.compare.Side;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.window.WindowResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A running experiment in memory: b's run, the comparison of A's and b's results, and each side's figures.
 * Results of either side reach {@link #accept} on the engines' subtask threads; until the comparison's start
 * ({@link #open}) is known, they are held. Only windows whose last millisecond is after {@code compareFrom} are
 * compared: A emitted the earlier ones before b existed. Thread-safe.
 */
final class ExperimentRun {

    private volatile long id;
    private volatile String savepointId;
    private final String job;
    private final Comparison comparison;
    private final Figures a = new Figures();
    private final Figures b = new Figures();
    private final List<Object[]> held = new ArrayList<>();
    private volatile long compareFrom = Long.MAX_VALUE;
    private volatile boolean open;
    private volatile RunningJob run;
    private volatile AutoCloseable tap;
    private boolean ending;

    ExperimentRun(String job, Comparison comparison) {
        this.job = job;
        this.comparison = comparison;
    }

    /** The experiment's id; 0 while it is being started. */
    long id() {
        return id;
    }

    /** A's savepoint it started from; null while it is being started. */
    String savepointId() {
        return savepointId;
    }

    void identify(long experimentId, String savepoint) {
        this.savepointId = savepoint;
        this.id = experimentId;
    }

    String job() {
        return job;
    }

    Comparison comparison() {
        return comparison;
    }

    RunningJob run() {
        return run;
    }

    void started(RunningJob b) {
        this.run = b;
    }

    void tapped(AutoCloseable tapOfA) {
        this.tap = tapOfA;
    }

    /**
     * Claims the end of this run, for whoever ends it first (promote, abort, or the refresh that found b failed).
     *
     * @return false when someone else already claimed it
     */
    synchronized boolean claimEnd() {
        if (ending) {
            return false;
        }
        ending = true;
        return true;
    }

    /** Stops taking A's results (idempotent). */
    void untap() {
        AutoCloseable t = tap;
        tap = null;
        if (t != null) {
            try {
                t.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot remove the tap on '" + job + "': " + e.getMessage(), e);
            }
        }
    }

    /** A result of {@code side}; from a listener, on the engine's thread. */
    void accept(Side side, WindowResult r) {
        (side == Side.A ? a : b).result(r);
        if (!open) {
            synchronized (held) {
                if (!open) {
                    held.add(new Object[] {side, r});
                    return;
                }
            }
        }
        if (r.timestamp() > compareFrom) {
            comparison.accept(side, r);
        }
    }

    /** From now on, compare the windows whose last millisecond is after {@code from}, the held ones included. */
    void open(long from) {
        synchronized (held) {
            compareFrom = from;
            for (Object[] h : held) {
                WindowResult r = (WindowResult) h[1];
                if (r.timestamp() > from) {
                    comparison.accept((Side) h[0], r);
                }
            }
            held.clear();
            open = true;
        }
    }

    long compareFrom() {
        return compareFrom;
    }

    /** Feeds both watermarks to the comparison and samples each side's figures; A's run may be null. */
    void refresh(RunningJob runA, long nowMs) {
        RunningJob runB = run;
        if (runA != null) {
            JobMetrics.Snapshot m = runA.metrics();
            if (m.watermark() != null && open) {
                comparison.watermark(Side.A, m.watermark());
            }
            a.sample(m, nowMs);
        }
        if (runB != null) {
            JobMetrics.Snapshot m = runB.metrics();
            if (m.watermark() != null && open) {
                comparison.watermark(Side.B, m.watermark());
            }
            b.sample(m, nowMs);
        }
    }

    SideFigures figuresA() {
        return a.view();
    }

    SideFigures figuresB() {
        return b.view();
    }

    /**
     * One side's throughput, lag and latency.
     *
     * @param recordsIn        records read by the side's run (a restored run counts its savepoint's too)
     * @param recordsPerSecond records read per second between the last two refreshes (about 1 s apart)
     * @param watermark        the run's watermark, epoch ms (null before its first)
     * @param eventTimeLagMs   wall-clock time minus the watermark at the last refresh, ms (null before the first)
     * @param results          results the side emitted since the experiment started
     * @param meanLatencyMs    mean wall-clock time from a window's end to its result's emission, ms, over the
     *                         results since the previous refresh (null when there were none)
     * @param maxLatencyMs     the largest such time over the same results, ms (null when none)
     */
    record SideFigures(long recordsIn, double recordsPerSecond, Long watermark, Long eventTimeLagMs, long results,
            Long meanLatencyMs, Long maxLatencyMs) {
    }

    /** Counters of one side; results counted on the engine's threads, the rest sampled by the refresh. */
    private static final class Figures {
        private final AtomicLong results = new AtomicLong();
        private final AtomicLong latencySum = new AtomicLong();
        private final AtomicLong latencyCount = new AtomicLong();
        private final LongAccumulator latencyMax = new LongAccumulator(Math::max, Long.MIN_VALUE);
        private volatile SideFigures view = new SideFigures(0, 0, null, null, 0, null, null);
        private long lastIn = -1;
        private long lastAt;

        void result(WindowResult r) {
            results.incrementAndGet();
            long latency = System.currentTimeMillis() - r.end();
            latencySum.addAndGet(latency);
            latencyCount.incrementAndGet();
            latencyMax.accumulate(latency);
        }

        synchronized void sample(JobMetrics.Snapshot m, long nowMs) {
            double rate = lastIn < 0 || nowMs <= lastAt ? 0 : (m.recordsIn() - lastIn) * 1000.0 / (nowMs - lastAt);
            lastIn = m.recordsIn();
            lastAt = nowMs;
            long n = latencyCount.getAndSet(0);
            long sum = latencySum.getAndSet(0);
            long max = latencyMax.getThenReset();
            SideFigures before = view;
            view = new SideFigures(m.recordsIn(), rate, m.watermark(),
                    m.watermark() == null ? null : nowMs - m.watermark(), results.get(),
                    n == 0 ? before.meanLatencyMs() : Long.valueOf(sum / n),
                    n == 0 ? before.maxLatencyMs() : Long.valueOf(max));
        }

        SideFigures view() {
            return view;
        }
    }
}
