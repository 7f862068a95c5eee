package dev.tally.control.replay;

import dev.tally.control.compare.Comparison;
import dev.tally.control.compare.Side;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.engine.Engine;
import dev.tally.engine.RunningJob;
import dev.tally.engine.replay.ReplayRange;
import dev.tally.engine.replay.Replays;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.WindowResult;
import java.time.Duration;

/**
 * Runs a planned replay's phases on the calling thread: the replayed version (side B of the comparison), then the
 * baseline (side A) — production's Kafka results read back, or a replay of production's version over the same
 * range from the same savepoint. Each engine run is a bounded replay ({@link Replays}): one merging reader,
 * per-record watermarks, no Kafka sink, no checkpoints. With an event-time range only windows inside
 * {@code [fromTime, toTime)} are compared, on both sides; with a Kafka baseline only production's windows inside
 * the span of the replay's windows. Not thread-safe: one replay per call.
 */
final class ReplayRunner {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long PERSIST_NANOS = 1_000_000_000L;

    private final Engine engine;
    private final SnapshotStores stores;
    private final DeploymentService deployments;
    private final String bootstrapServers;

    ReplayRunner(Engine engine, SnapshotStores stores, DeploymentService deployments, String bootstrapServers) {
        this.engine = engine;
        this.stores = stores;
        this.deployments = deployments;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Runs every phase, filling {@code run}'s comparison, table and figures.
     *
     * @param persist writes progress to the database (called about once a second)
     * @return SUCCEEDED, or CANCELLED when a user cancelled it
     * @throws IllegalStateException when an engine run fails (its error) or a baseline record cannot be read
     */
    Replay.State run(ReplayRun run, Runnable persist) throws InterruptedException {
        ReplayPlan plan = run.plan;
        long lateness = Math.max(millis(plan.spec()), millis(plan.baselineSpec()));
        Comparison comparison = new Comparison(plan.spec().aggregateNames(), lateness);
        run.comparison = comparison;
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        RunningJob b = phase(run, plan.spec(), 0, "replay", persist, r -> {
            synchronized (span) {
                span[0] = Math.min(span[0], r.start());
                span[1] = Math.max(span[1], r.end());
            }
            comparison.accept(Side.B, r);
        });
        if (b == null) {
            return Replay.State.CANCELLED;
        }
        run.table = b.results();
        run.results = b.metrics().resultsEmitted();
        run.lateDropped = b.metrics().lateDropped();
        comparison.watermark(Side.B, Long.MAX_VALUE);
        if (plan.baselineTopic() == null) {
            RunningJob a = phase(run, plan.baselineSpec(), 1, "baseline", persist, r -> comparison.accept(Side.A, r));
            if (a == null) {
                return Replay.State.CANCELLED;
            }
            comparison.watermark(Side.A, Long.MAX_VALUE);
            comparison.finish();
            return Replay.State.SUCCEEDED;
        }
        run.phaseName = "baseline";
        ReplayRange range = plan.range();
        long from = range.kind() == ReplayRange.Kind.EVENT_TIME ? range.fromTime() : span[0];
        long to = range.kind() == ReplayRange.Kind.EVENT_TIME ? range.toTime() : span[1];
        long seen = ProductionResults.read(bootstrapServers, plan.baselineTopic(), plan.spec().aggregateNames(),
                s -> s >= from, e -> e <= to, r -> comparison.accept(Side.A, r));
        // production's results are visible up to the last window end it committed; its watermark may be further
        Long live = deployments.running(plan.job()).map(j -> j.metrics().watermark()).orElse(null);
        comparison.watermark(Side.A, live == null ? seen : Math.min(live, seen));
        return run.cancelled ? Replay.State.CANCELLED : Replay.State.SUCCEEDED;
    }

    /** One engine run over the range; null when cancelled. */
    private RunningJob phase(ReplayRun run, JobSpec spec, int index, String name, Runnable persist,
            java.util.function.Consumer<WindowResult> sink) throws InterruptedException {
        ReplayPlan plan = run.plan;
        run.phase = index;
        run.phaseName = name;
        ReplayRange range = plan.range();
        Replays.Prepared prepared = Replays.prepare(spec, range, plan.parallelism(), engine.config(),
                "tally-replay-" + run.id + "-" + name);
        JobOptions options = prepared.options().withListener(r -> {
            if (range.kind() != ReplayRange.Kind.EVENT_TIME || (r.start() >= range.fromTime() && r.end() <= range.toTime())) {
                sink.accept(r);
            }
        });
        if (plan.savepoint() != null) {
            options = options.withRestore(new Restore(stores.savepoints(plan.job()), plan.savepoint(),
                    Restore.Policy.FAIL));
        }
        if (run.cancelled) {
            return null;
        }
        RunningJob job = engine.start("replay-" + run.id + "-" + name, prepared.spec(), options);
        run.prepared = prepared;
        run.current = job;
        if (run.cancelled) {
            job.stop(Duration.ofSeconds(5));
        }
        long persisted = System.nanoTime();
        while (!job.await(POLL)) {
            if (System.nanoTime() - persisted >= PERSIST_NANOS) {
                persist.run();
                persisted = System.nanoTime();
            }
        }
        long total = prepared.progress(job)[1];
        if (run.cancelled) {
            return null;
        }
        if (job.state() != JobState.FINISHED) {
            throw new IllegalStateException("the " + name + " run ended " + job.state()
                    + (job.error() == null ? "" : ": " + job.error()));
        }
        long read = job.metrics().recordsIn();
        run.current = null;
        run.prepared = null;
        if (run.rangeTotal < 0) {
            run.rangeTotal = total;
        }
        run.consumedBefore += total;
        run.recordsBefore += read;
        persist.run();
        return job;
    }

    private static long millis(JobSpec spec) {
        return spec.allowedLateness() == null ? 0 : spec.allowedLateness().toMillis();
    }
}
