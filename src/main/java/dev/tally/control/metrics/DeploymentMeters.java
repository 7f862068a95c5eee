package dev.tally.control.metrics;

import dev.tally.engine.RunningJob;
import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.runtime.CheckpointStats;
import dev.tally.engine.runtime.JobMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The Micrometer meters of each deployment, read from the engine's own counters when scraped: the engine keeps
 * counting in its allocation-free hot path and knows nothing of Micrometer. A run's meters are registered when it
 * starts (tags {@code job}, {@code version}, and {@code subtask} or {@code reader} or {@code reason} where
 * meaningful) and removed when it ends or is replaced, so no meter outlives its run across restarts and upgrades.
 * The savepoint and restore timers (tag {@code job}) live until the deployment is stopped. The names are listed
 * in the README ("Metrics"). Thread-safe.
 */
@Component
public class DeploymentMeters {

    /** How long one copy of a run's whole-job counters serves the meters of one scrape. */
    private static final long SNAPSHOT_MILLIS = 100;

    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    /** The meters of each job's current run, by job name. */
    private final Map<String, RunMeters> runs = new ConcurrentHashMap<>();
    /** The savepoint and restore timers of each deployed job, by job name. */
    private final Map<String, List<Meter>> timers = new ConcurrentHashMap<>();

    DeploymentMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of one run, and the run's whole-job counters cached for one scrape. */
    private final class RunMeters {
        final RunningJob run;
        final List<Meter> meters = new ArrayList<>();
        private JobMetrics.Snapshot snapshot;
        private long snapshotAt;

        RunMeters(RunningJob run) {
            this.run = run;
        }

        synchronized JobMetrics.Snapshot snapshot() {
            long now = clock.millis();
            if (snapshot == null || now - snapshotAt >= SNAPSHOT_MILLIS) {
                snapshot = run.metrics();
                snapshotAt = now;
            }
            return snapshot;
        }
    }

    /**
     * Registers the meters of a run that just started, replacing those of the job's previous run.
     *
     * @param job     the job's name
     * @param version the job version the run executes
     * @param run     the run
     */
    public void started(String job, int version, RunningJob run) {
        RunMeters m = new RunMeters(run);
        RunMeters previous = runs.put(job, m);
        if (previous != null) {
            remove(previous.meters);
        }
        Tags tags = Tags.of("job", job, "version", Integer.toString(version));
        counter(m, "tally.records.in", "Records read from the source (whole job, with a restored snapshot's)",
                tags, s -> s.recordsIn());
        counter(m, "tally.records.filtered", "Records the filter dropped", tags, s -> s.recordsFiltered());
        counter(m, "tally.records.out", "Results written (window results, to every sink)", tags,
                s -> s.resultsEmitted());
        counter(m, "tally.records.late.dropped", "Elements dropped because all their windows were past lateness",
                tags, s -> s.lateDropped());
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counter(m, "tally.records.dead.lettered", "Records sent to the dead-letter output, by reason",
                    tags.and("reason", reason.name()), s -> s.deadLettersByReason().getOrDefault(reason, 0L));
        }
        gauge(m, "tally.state.panes", "(key, window) states held", null, tags, x -> x.snapshot().panes());
        JobMetrics counters = run.counters();
        for (int i = 0; i < counters.subtasks(); i++) {
            int subtask = i;
            Tags t = tags.and("subtask", Integer.toString(i));
            gauge(m, "tally.watermark", "The subtask's watermark, seconds since the epoch (NaN before its first)",
                    "seconds", t, x -> seconds(counters.watermark(subtask)));
            gauge(m, "tally.event.time.lag", "Wall-clock time minus the subtask's watermark (NaN before its first)",
                    "seconds", t, x -> lag(counters.watermark(subtask)));
            m.meters.add(FunctionCounter.builder("tally.subtask.idle.time", counters,
                    c -> c.idleNanos(subtask) / 1e9).description(
                    "Time the subtask waited for input; busy ratio = 1 - rate").baseUnit("seconds").tags(t)
                    .register(registry));
        }
        for (int i = 0; i < counters.readers(); i++) {
            int reader = i;
            m.meters.add(FunctionCounter.builder("tally.reader.backpressured.time", counters,
                    c -> c.backPressuredNanos(reader) / 1e9).description(
                    "Time the reader was blocked on a full subtask inbox (back-pressure)").baseUnit("seconds")
                    .tags(tags.and("reader", Integer.toString(i))).register(registry));
        }
        m.meters.add(FunctionCounter.builder("tally.checkpoints.completed", run,
                r -> r.checkpoints().completed()).description("Checkpoints and savepoints completed by this run")
                .tags(tags).register(registry));
        m.meters.add(FunctionCounter.builder("tally.checkpoints.failed", run,
                r -> r.checkpoints().failed()).description("Checkpoints and savepoints that failed in this run")
                .tags(tags).register(registry));
        gauge(m, "tally.checkpoint.duration", "Duration of the last completed checkpoint or savepoint", "seconds",
                tags, x -> lastOrNaN(x.run.checkpoints(), c -> c.lastDurationMs() / 1e3));
        gauge(m, "tally.checkpoint.size", "Data size of the last completed checkpoint or savepoint", "bytes", tags,
                x -> lastOrNaN(x.run.checkpoints(), CheckpointStats::lastBytes));
    }

    /** Removes the meters of a run that ended, unless the job's meters already belong to a newer run. */
    public void ended(String job, RunningJob run) {
        RunMeters m = runs.get(job);
        if (m != null && m.run == run && runs.remove(job, m)) {
            remove(m.meters);
        }
    }

    /** Removes every meter of a job whose deployment was stopped (its run's, and its savepoint and restore timers). */
    public void stopped(String job) {
        RunMeters m = runs.remove(job);
        if (m != null) {
            remove(m.meters);
        }
        List<Meter> t = timers.remove(job);
        if (t != null) {
            remove(t);
        }
    }

    /** Records the time a savepoint of {@code job} took, from the request to stored. */
    public void savepointTaken(String job, Duration took) {
        timer(job, "tally.savepoint.duration", "Time to take a savepoint, from the request to stored").record(took);
    }

    /** Records the time a run of {@code job} took to restore from a snapshot (state read, before it starts). */
    public void restored(String job, Duration took) {
        timer(job, "tally.restore.duration", "Time to restore a run from a checkpoint or savepoint").record(took);
    }

    private Timer timer(String job, String name, String description) {
        Timer t = Timer.builder(name).description(description).tags("job", job).register(registry);
        List<Meter> list = timers.computeIfAbsent(job, k -> new ArrayList<>());
        synchronized (list) {
            if (!list.contains(t)) {
                list.add(t);
            }
        }
        return t;
    }

    private void counter(RunMeters m, String name, String description, Tags tags,
            ToDoubleFunction<JobMetrics.Snapshot> value) {
        m.meters.add(FunctionCounter.builder(name, m, x -> value.applyAsDouble(x.snapshot())).description(description)
                .tags(tags).register(registry));
    }

    private void gauge(RunMeters m, String name, String description, String unit, Tags tags,
            ToDoubleFunction<RunMeters> value) {
        m.meters.add(Gauge.builder(name, m, value).description(description).baseUnit(unit).tags(tags)
                .strongReference(true).register(registry));
    }

    private void remove(List<Meter> meters) {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }

    private static double seconds(long epochMillis) {
        return epochMillis == Long.MIN_VALUE || epochMillis == Long.MAX_VALUE ? Double.NaN : epochMillis / 1e3;
    }

    private double lag(long watermark) {
        return watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? Double.NaN
                : (clock.millis() - watermark) / 1e3;
    }

    private static double lastOrNaN(CheckpointStats stats, ToDoubleFunction<CheckpointStats> value) {
        return stats.lastId() == null ? Double.NaN : value.applyAsDouble(stats);
    }
}
