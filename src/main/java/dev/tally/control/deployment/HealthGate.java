package dev.tally.control.deployment;

import dev.tally.engine.snapshot.Manifest;

import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.runtime.JobState;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * What a new run must show, within {@code timeout}, before an upgrade or rescale is done: running without a
 * failure, at least {@code checkpoints} completed checkpoints (when the job checkpoints at all), records flowing
 * (at least one record read and neither filtered out nor dead-lettered) and the watermark advancing past the
 * one restored. A gate that does not pass in time fails with the first unmet condition; the operation then
 * rolls back. Immutable.
 *
 * @param checkpoints completed checkpoints required (0..100); ignored for a job without checkpoints
 * @param records     whether records must flow through the filter
 * @param watermark   whether the watermark must advance past the restored one
 * @param timeout     how long the new run has (1 s .. 10 min)
 */
public record HealthGate(int checkpoints, boolean records, boolean watermark, Duration timeout) {

    /** The default gate of an upgrade: 1 checkpoint, records flowing, watermark advancing, within 30 s. */
    public static final HealthGate UPGRADE = new HealthGate(1, true, true, Duration.ofSeconds(30));

    /** The gate of a rescale or resume: running and 1 checkpoint within 30 s (input may be idle). */
    public static final HealthGate STARTED = new HealthGate(1, false, false, Duration.ofSeconds(30));

    /** @throws IllegalArgumentException naming the field ({@code gate.checkpoints}, {@code gate.timeout}) */
    public HealthGate {
        if (checkpoints < 0 || checkpoints > 100) {
            throw new IllegalArgumentException("gate.checkpoints: must be between 0 and 100");
        }
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0
                || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("gate.timeout: must be between 1s and 10m");
        }
    }

    /**
     * A gate from a request's fields, each absent one taken from {@code defaults}.
     *
     * @param field   how the request names the gate's fields, for errors ({@code "gate."} or {@code ""})
     * @param timeout as {@code 30s}, {@code 500ms}, {@code 2m}
     * @throws IllegalArgumentException naming the field when a value is not valid
     */
    public static HealthGate of(HealthGate defaults, String field, Integer checkpoints, Boolean records,
            Boolean watermark, String timeout) {
        Duration t = defaults.timeout();
        if (timeout != null) {
            t = dev.tally.engine.spec.Durations.parse(timeout);
            if (t == null) {
                throw new IllegalArgumentException(field + "timeout: not a duration: " + timeout);
            }
        }
        return new HealthGate(checkpoints == null ? defaults.checkpoints() : checkpoints,
                records == null ? defaults.records() : records, watermark == null ? defaults.watermark() : watermark, t);
    }

    /** As stored with an operation: {@code checkpoints=1,records=true,watermark=true,timeoutMs=30000}. */
    public String describe() {
        return "checkpoints=" + checkpoints + ",records=" + records + ",watermark=" + watermark + ",timeoutMs="
                + timeout.toMillis();
    }

    /** Reads {@link #describe()}'s form back. */
    static HealthGate parse(String text) {
        String[] f = text.split(",");
        return new HealthGate(Integer.parseInt(f[0].substring("checkpoints=".length())),
                Boolean.parseBoolean(f[1].substring("records=".length())),
                Boolean.parseBoolean(f[2].substring("watermark=".length())),
                Duration.ofMillis(Long.parseLong(f[3].substring("timeoutMs=".length()))));
    }

    /**
     * How a gate ended.
     *
     * @param passed      whether every condition was met in time
     * @param reason      the first unmet condition (or "passed: ...")
     * @param runningAtMs epoch ms when the run was first seen RUNNING, or -1
     */
    public record Outcome(boolean passed, String reason, long runningAtMs) {
    }

    /**
     * Watches a new run until the gate passes or fails; polls every 20 ms.
     *
     * @param restoredWatermark the watermark in the snapshot it was restored from (Long.MIN_VALUE if none)
     * @param restored          the job's counters in that snapshot (a restored run starts from them, so records
     *                          flow only when its counters grow past them); null for none
     */
    Outcome watch(RunningJob run, long restoredWatermark, Manifest.Counters restored) {
        Manifest.Counters base = restored == null ? Manifest.Counters.ZERO : restored;
        boolean checkpointing = run.spec().checkpoints() != null;
        long deadline = System.nanoTime() + timeout.toNanos();
        long runningAt = -1;
        String unmet = "not running yet";
        while (true) {
            JobState state = run.state();
            if (state == JobState.FAILED || state == JobState.STOPPED || state == JobState.FINISHED) {
                return new Outcome(false, "the new run is " + state
                        + (run.error() == null ? "" : ": " + run.error()), runningAt);
            }
            if (state == JobState.RUNNING) {
                if (runningAt < 0) {
                    runningAt = System.currentTimeMillis();
                }
                unmet = unmet(run, checkpointing, restoredWatermark, base);
                if (unmet == null) {
                    return new Outcome(true, "passed: " + describe(), runningAt);
                }
            }
            if (System.nanoTime() > deadline) {
                return new Outcome(false, "health gate not passed within " + timeout.toMillis() + " ms: " + unmet,
                        runningAt);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private String unmet(RunningJob run, boolean checkpointing, long restoredWatermark, Manifest.Counters base) {
        if (checkpointing && run.checkpoints().completed() < checkpoints) {
            return run.checkpoints().completed() + " of " + checkpoints + " checkpoints completed";
        }
        JobMetrics.Snapshot m = run.metrics();
        long read = m.recordsIn() - base.recordsIn();
        long filtered = m.recordsFiltered() - base.recordsFiltered();
        long dead = m.deadLetters() - base.deadLettersByReason().values().stream().mapToLong(Long::longValue).sum();
        if (records && read - filtered - dead <= 0) {
            return "no records flowing (" + read + " read, " + filtered + " filtered out, " + dead
                    + " dead-lettered since the restore)";
        }
        if (watermark && (m.watermark() == null || m.watermark() <= restoredWatermark)) {
            return "watermark not advancing (" + m.watermark() + ", restored " + restoredWatermark + ")";
        }
        return null;
    }
}
