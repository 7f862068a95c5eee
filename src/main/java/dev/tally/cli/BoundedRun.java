package dev.tally.cli;

import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.WindowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a job over a bounded input to its end (watermark +∞ at the end) and returns every result sorted by window
 * start, key, window end and revision, so the same input gives the same output at any parallelism.
 */
public final class BoundedRun {

    /** Sort order of results in every output. */
    public static final Comparator<WindowResult> ORDER = Comparator.comparingLong(WindowResult::start)
            .thenComparing(WindowResult::key).thenComparingLong(WindowResult::end)
            .thenComparingInt(WindowResult::revision);

    private BoundedRun() {
    }

    /**
     * The outcome of a run.
     *
     * @param results results in {@link #ORDER}
     * @param metrics the job's counters at the end
     * @param elapsed wall-clock time of the run
     * @param firstRecordAtMs when the run read its first record (epoch ms), 0 when it read none
     */
    public record Outcome(List<WindowResult> results, JobMetrics.Snapshot metrics, Duration elapsed,
            dev.tally.engine.runtime.CheckpointStats checkpoints, long firstRecordAtMs) {

        /**
         * One line: records read, filtered, dead-lettered, late-dropped, results, elapsed, events/s (the reasons
         * of the dead letters are {@link #deadLetterReasons()}).
         */
        public String summary() {
            double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
            String line = String.format("read %d, filtered %d, dead-lettered %d, late-dropped %d, results %d, elapsed %.3f s,"
                    + " %.0f events/s", metrics.recordsIn(), metrics.recordsFiltered(), metrics.deadLetters(),
                    metrics.lateDropped(), metrics.resultsEmitted(), seconds, metrics.recordsIn() / seconds);
            if (checkpoints.completed() > 0) {
                line += String.format(", checkpoints %d %s (last %d ms, %d bytes)", checkpoints.completed(),
                        checkpoints.mode().toLowerCase().replace('_', '-'), checkpoints.lastDurationMs(),
                        checkpoints.lastBytes());
            }
            return line;
        }

        /**
         * Why records were dead-lettered: {@code dead letters by reason: MALFORMED_JSON 2, MISSING_TIMESTAMP 1}
         * (reasons with a count only); null when there were none.
         */
        public String deadLetterReasons() {
            StringBuilder sb = new StringBuilder();
            metrics.deadLettersByReason().forEach((reason, n) -> {
                if (n > 0) {
                    sb.append(sb.length() == 0 ? "dead letters by reason: " : ", ").append(reason.name()).append(' ')
                            .append(n);
                }
            });
            return sb.length() == 0 ? null : sb.toString();
        }
    }

    /**
     * Runs {@code spec} until its bounded source is exhausted.
     *
     * @param untilEnd for a Kafka source: stop at the end offsets found at start
     */
    public static Outcome run(JobSpec spec, EngineConfig config, boolean untilEnd) throws InterruptedException {
        return run(spec, config, untilEnd ? JobOptions.defaults().withUntilEnd() : JobOptions.defaults());
    }

    /** Runs with options (snapshot storage, restore, ...); results are collected whatever the options say. */
    public static Outcome run(JobSpec spec, EngineConfig config, JobOptions base) throws InterruptedException {
        List<WindowResult> results = Collections.synchronizedList(new ArrayList<>());
        JobOptions options = base.withListener(results::add);
        long start = System.nanoTime();
        RunningJob job = new Engine(config).start("run-" + spec.name(), spec, options);
        job.await(Duration.ofDays(365));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (job.state() != JobState.FINISHED) {
            throw new IllegalStateException("job " + job.state() + (job.error() == null ? "" : ": " + job.error()));
        }
        List<WindowResult> sorted;
        synchronized (results) {
            sorted = new ArrayList<>(results);
        }
        sorted.sort(ORDER);
        return new Outcome(sorted, job.metrics(), elapsed, job.checkpoints(), job.counters().firstRecordAtMs());
    }
}
