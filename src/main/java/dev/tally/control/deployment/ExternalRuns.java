package dev.tally.control.deployment;

import dev.tally.control.job.Job;
import dev.tally.control.web.ConflictException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deployment rows of runs outside the embedded engine (target {@link DeploymentTarget#FLINK}): a runner
 * elsewhere (the Flink runner) records here what it asked and what it observed, through the same transitions,
 * timeline and per-job operation lock as the embedded engine's deployments. Thread-safe.
 */
@Service
public class ExternalRuns {

    private final DeploymentRepository deployments;
    private final OperationGuard guard;
    private final Timeline timeline;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    ExternalRuns(DeploymentRepository deployments, OperationGuard guard, Timeline timeline, TransactionTemplate tx) {
        this.deployments = deployments;
        this.guard = guard;
        this.timeline = timeline;
        this.tx = tx;
    }

    /** The job's deployment, if it was ever deployed. */
    public Optional<Deployment> of(Job job) {
        return deployments.findByJob(job);
    }

    /** The deployments on {@code target} that should run. */
    public List<Deployment> shouldRun(DeploymentTarget target) {
        return deployments.findByDesiredState(DesiredState.RUNNING).stream().filter(d -> d.getTarget() == target)
                .toList();
    }

    /**
     * Takes the job's operation lock (the one upgrades and rescales of the embedded engine take).
     *
     * @throws ConflictException when an operation on the job is in progress
     */
    public void lock(String job, OperationKind kind) {
        guard.acquire(job, kind);
    }

    /** Releases the job's operation lock. */
    public void unlock(String job) {
        guard.release(job);
    }

    /**
     * Records a new run: desired RUNNING at {@code version}, status STARTING, on {@code target} as
     * {@code flinkJobId}.
     *
     * @param parallelism  parallelism asked for, null = the version's spec
     * @param restoredFrom the savepoint it restores, or null
     * @param message      the timeline's note ("deploy version 2 to Flink")
     * @throws ConflictException when the job should already run
     */
    public Deployment started(Job job, int version, DeploymentTarget target, String flinkJobId, Integer parallelism,
            String restoredFrom, String message) {
        return tx.execute(s -> {
            Deployment dep = deployments.findByJob(job).orElseGet(() -> new Deployment(job, version, clock.instant()));
            DeploymentStatus before = dep.getId() == null ? null : dep.getStatus();
            dep.requestRunning(version, clock.instant());
            dep.runOn(target, flinkJobId);
            dep.settle(DesiredState.RUNNING, DeploymentStatus.STARTING, version, parallelism, restoredFrom, null,
                    clock.instant());
            Deployment saved = deployments.save(dep);
            timeline.observed(saved.getId(), before, saved.getStatus(), message);
            return saved;
        });
    }

    /** An operation moves the observed status (SAVEPOINTING, UPGRADING, RESCALING...), with a timeline event. */
    public void operate(long deploymentId, DeploymentStatus status, String type, String message) {
        tx.executeWithoutResult(s -> timeline.transition(deploymentId, status, type, message, null, null));
    }

    /** Records an event that changes no status (a savepoint taken, a step). */
    public void note(long deploymentId, String type, String message) {
        tx.executeWithoutResult(s -> timeline.note(deploymentId, type, message, null));
    }

    /**
     * The outcome of an operation: what should now be and what is, and the Flink job id of the run now (or last)
     * running.
     *
     * @param parallelism  parallelism asked for, null = the version's spec
     * @param restoredFrom the savepoint the run now running was restored from, or null
     * @param error        why it failed, or null
     */
    public Deployment settle(long deploymentId, DesiredState desired, DeploymentStatus status, int version,
            Integer parallelism, String restoredFrom, String flinkJobId, String error, String message) {
        return tx.execute(s -> {
            Deployment d = deployments.findById(deploymentId).orElseThrow();
            d.runOn(d.getTarget(), flinkJobId);
            d.settle(desired, d.getStatus(), version, parallelism, restoredFrom, error, clock.instant());
            timeline.transition(deploymentId, status, error == null ? "SUCCEEDED" : "FAILED", message, error, null);
            return deployments.save(d);
        });
    }

    /** Records the status observed in the external engine (a timeline event when it changes). */
    public void observe(long deploymentId, DeploymentStatus status, String error) {
        tx.executeWithoutResult(s -> deployments.findById(deploymentId).ifPresent(d -> {
            DeploymentStatus before = d.getStatus();
            d.observe(status, error, clock.instant());
            if (before != status) {
                timeline.observed(deploymentId, before, status, null);
            }
        }));
    }

    /**
     * Refuses an operation of the embedded engine on a deployment that runs elsewhere, naming the endpoint to use.
     *
     * @throws ConflictException when {@code d} does not run in the embedded engine
     */
    static void refuseUnlessEmbedded(Deployment d, String what) {
        if (d.getTarget() != DeploymentTarget.EMBEDDED) {
            String job = d.getJob().getName();
            throw new ConflictException("job '" + job + "' runs on " + d.getTarget().name().toLowerCase(
                    java.util.Locale.ROOT) + ": " + what + " it through /api/jobs/" + job + "/flink/…");
        }
    }
}
