package dev.tally.control.deployment;

import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.control.web.ConflictException;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.CheckpointStats;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.snapshot.RescalePlan;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.Snapshot;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.snapshot.SpecCheck;
import dev.tally.engine.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks an operation and computes its plan without any side effect: the dry run, and the first thing every
 * executed operation does (a refused request changes nothing). Thread-safe (stateless).
 */
@Component
class OperationPlanner {

    /** Bytes of state read per ms when restoring, for the downtime estimate (about 100 MB/s). */
    private static final long RESTORE_BYTES_PER_MS = 100_000;
    /** Time to start a run (connect to Kafka, start the threads), for the downtime estimate. */
    private static final long START_MS = 500;

    private final JobService jobs;
    private final DeploymentService runs;
    private final SnapshotStores stores;
    private final OperationGuard guard;

    OperationPlanner(JobService jobs, DeploymentService runs, SnapshotStores stores, OperationGuard guard) {
        this.jobs = jobs;
        this.runs = runs;
        this.stores = stores;
        this.guard = guard;
    }

    /** A running deployment and its run; 404 unknown job, 409 not deployed, not running, or busy. */
    record Current(Job job, Deployment deployment, RunningJob run, JobSpec spec) {
    }

    Current running(String name) {
        Job job = jobs.find(name);
        Deployment d = runs.deploymentOf(job)
                .orElseThrow(() -> new ConflictException("job '" + name + "' was never deployed"));
        ExternalRuns.refuseUnlessEmbedded(d, "operate");
        guard.refuseIfBusy(name);
        RunningJob run = runs.running(name).orElse(null);
        if (d.getDesiredState() != DesiredState.RUNNING || run == null || run.state() != JobState.RUNNING) {
            throw new ConflictException("job '" + name + "' is not running (desired " + d.getDesiredState()
                    + ", status " + d.getStatus() + ")");
        }
        return new Current(job, d, run, run.spec());
    }

    /**
     * Plans an upgrade of a running deployment to {@code version}.
     *
     * @param savepoint a savepoint of the job to restore instead of taking one, or null
     * @throws dev.tally.control.web.NotFoundException when the job, the version or the savepoint does not exist
     * @throws ConflictException                       when the job is not running or an operation is in progress
     * @throws Plans.Refused                           when the state cannot be used under the policy (with plan)
     */
    Plans.Upgrade upgrade(String name, int version, Restore.Policy policy, String savepoint, HealthGate gate) {
        Current c = running(name);
        JobSpec target = DeploymentService.withParallelism(JobService.spec(jobs.version(c.job(), version)),
                c.deployment().getParallelism());
        if (version == c.deployment().getVersion() && savepoint == null) {
            throw new ConflictException("job '" + name + "' already runs version " + version);
        }
        Snapshot chosen = savepoint == null ? null : stores.savepoints(name).open(savepoint);
        Compatibility.Report report = chosen != null ? SpecCheck.report(chosen, target)
                : Compatibility.check(c.spec(), target);
        int maxBefore = chosen != null ? chosen.manifest().maxParallelism() : c.spec().maxParallelism();
        Plans.OpenWindows windows = report.compatible() ? Plans.OpenWindows.KEPT
                : switch (policy) {
                    case FAIL -> Plans.OpenWindows.REFUSED;
                    case RESET_WINDOWS -> Plans.OpenWindows.RESET;
                    case DRAIN_FIRST -> Plans.OpenWindows.FIRED_BY_DRAIN_FIRST;
                };
        List<String> steps = new ArrayList<>();
        steps.add(chosen == null ? "take a savepoint of version " + c.deployment().getVersion() + " and stop it there"
                : "stop version " + c.deployment().getVersion() + " without a savepoint (results after savepoint "
                        + savepoint + " are computed again)");
        steps.add("start version " + version + " at parallelism " + target.parallelism() + " from that savepoint ("
                + windows + ")");
        steps.add("health gate: " + gate.describe());
        steps.add("on a failed gate: roll back to version " + c.deployment().getVersion() + " from the same savepoint."
                + " Windows version " + version + " emitted during the gate are emitted again by version "
                + c.deployment().getVersion() + ": those committed to Kafka at version " + version
                + "'s checkpoints stay there (each result carries header tally.version naming its version, so "
                + "consumers keep the later one), and the result table ends with version "
                + c.deployment().getVersion() + "'s values; the rollback's reason names the windows");
        long bytes = chosen != null ? chosen.manifest().bytes() : c.run().checkpoints().lastBytes();
        long estimate = estimate(c.run().checkpoints(), bytes, chosen == null);
        String basis = (chosen == null ? "last checkpoint's duration " + c.run().checkpoints().lastDurationMs()
                + " ms + " : "") + "restoring " + bytes + " bytes + starting (" + START_MS + " ms)";
        String refusal = null;
        if (target.maxParallelism() != maxBefore) {
            refusal = "maxParallelism changes from " + maxBefore + " to " + target.maxParallelism()
                    + ": state is split into that many key groups and cannot be re-split, under any policy";
        } else if (windows == Plans.OpenWindows.REFUSED) {
            refusal = "version " + version + " of '" + name + "' is not compatible with the state: "
                    + report.problems() + ". Choose policy reset-windows or drain-first to go on";
        }
        Plans.Upgrade plan = new Plans.Upgrade(name, c.deployment().getVersion(), version, target.parallelism(),
                policyName(policy), savepoint, steps, report, windows, estimate, basis, gate, refusal);
        if (refusal != null) {
            throw new Plans.Refused(refusal, plan);
        }
        return plan;
    }

    /**
     * Plans a rescale of a running deployment from the key counts of its newest snapshot.
     *
     * @throws IllegalArgumentException naming {@code parallelism} when it is out of 1..maxParallelism
     * @throws ConflictException        when not running, busy, or already at that parallelism
     */
    Plans.Rescale rescale(String name, int parallelism, HealthGate gate) {
        Current c = running(name);
        int max = c.spec().maxParallelism();
        if (parallelism < 1 || parallelism > max) {
            throw new IllegalArgumentException("parallelism: must be between 1 and the job's max parallelism " + max
                    + ", not " + parallelism);
        }
        if (parallelism == c.spec().parallelism()) {
            throw new ConflictException("job '" + name + "' already runs at parallelism " + parallelism);
        }
        Snapshot basis = newest(stores.checkpoints(name));
        if (basis == null) {
            basis = newest(stores.savepoints(name));
        }
        RescalePlan ranges = basis == null ? null : RescalePlan.of(basis, parallelism);
        long bytes = c.run().checkpoints().lastBytes();
        return new Plans.Rescale(name, c.deployment().getVersion(), c.spec().parallelism(), parallelism,
                basis == null ? null : basis.id(), ranges, ranges == null ? 0 : ranges.skewBefore(),
                ranges == null ? 0 : ranges.skewAfter(), estimate(c.run().checkpoints(), bytes, true),
                "last checkpoint's duration " + c.run().checkpoints().lastDurationMs() + " ms + restoring " + bytes
                        + " bytes + starting (" + START_MS + " ms)", gate);
    }

    private static Snapshot newest(SnapshotStore store) {
        List<SnapshotStore.Stored> list = store.list();
        return list.isEmpty() ? null : store.open(list.get(list.size() - 1).id());
    }

    private static long estimate(CheckpointStats stats, long bytes, boolean savepoint) {
        return (savepoint ? stats.lastDurationMs() : 0) + bytes / RESTORE_BYTES_PER_MS + START_MS;
    }

    static String policyName(Restore.Policy p) {
        return p.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
