package dev.tally.control.deployment;

import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.control.web.ConflictException;
import dev.tally.control.web.NotFoundException;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.SpecCheck;
import dev.tally.engine.spec.JobSpec;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operations on deployments: upgrade, rescale, suspend, resume, stop with drain, cancel. Each is checked and
 * planned first without side effects ({@link OperationPlanner}; a refused request changes nothing), then
 * recorded as an operation row and carried out step by step ({@link OperationSteps}). Upgrades and rescales
 * run in the background (the request returns the recorded operation); the others complete within the request.
 * One operation per job at a time: any other change is refused with 409 naming it. Thread-safe.
 */
@Service
public class Operations {

    private final JobService jobs;
    private final DeploymentService runs;
    private final OperationPlanner planner;
    private final OperationSteps steps;
    private final OperationGuard guard;
    private final OperationRepository ops;
    private final SnapshotStores stores;
    private final Timeline timeline;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tally-operation-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    Operations(JobService jobs, DeploymentService runs, OperationPlanner planner, OperationSteps steps,
            OperationGuard guard, OperationRepository ops, SnapshotStores stores, Timeline timeline,
            TransactionTemplate tx) {
        this.jobs = jobs;
        this.runs = runs;
        this.planner = planner;
        this.steps = steps;
        this.guard = guard;
        this.ops = ops;
        this.stores = stores;
        this.timeline = timeline;
        this.tx = tx;
    }

    /** The plan of an upgrade (dry run: nothing changes). See {@link OperationPlanner#upgrade}. */
    public Plans.Upgrade planUpgrade(String name, int version, Restore.Policy policy, String savepoint,
            HealthGate gate) {
        return planner.upgrade(name, version, policy, savepoint, gate);
    }

    /**
     * Starts an upgrade in the background after the same checks as its dry run.
     *
     * @return the recorded operation (state RUNNING)
     */
    public DeploymentOperation upgrade(String name, int version, Restore.Policy policy, String savepoint,
            HealthGate gate, String principal) {
        Plans.Upgrade plan = planner.upgrade(name, version, policy, savepoint, gate);
        OperationPlanner.Current c = planner.running(name);
        return launch(name, OperationKind.UPGRADE, d -> new DeploymentOperation(d.getId(), OperationKind.UPGRADE,
                principal, plan.fromVersion(), version, c.spec().parallelism(), plan.parallelism(), plan.policy(),
                savepoint, gate.describe(), json(plan), clock.instant()));
    }

    /** The plan of a rescale (dry run). See {@link OperationPlanner#rescale}. */
    public Plans.Rescale planRescale(String name, int parallelism, HealthGate gate) {
        return planner.rescale(name, parallelism, gate);
    }

    /** Starts a rescale in the background after the checks of its dry run; the recorded operation. */
    public DeploymentOperation rescale(String name, int parallelism, HealthGate gate, String principal) {
        Plans.Rescale plan = planner.rescale(name, parallelism, gate);
        return launch(name, OperationKind.RESCALE, d -> new DeploymentOperation(d.getId(), OperationKind.RESCALE,
                principal, plan.version(), plan.version(), plan.from(), parallelism, null, null, gate.describe(),
                json(plan), clock.instant()));
    }

    private DeploymentOperation launch(String name, OperationKind kind,
            Function<Deployment, DeploymentOperation> make) {
        DeploymentOperation op = record(name, kind, make);
        background.submit(() -> steps.swap(op.getId()));
        return op;
    }

    /** Takes the job's lock and records the operation (PLANNED); releases the lock if that fails. */
    private DeploymentOperation record(String name, OperationKind kind,
            Function<Deployment, DeploymentOperation> make) {
        Deployment d = deployment(name);
        guard.acquire(name, kind);
        try {
            DeploymentOperation op = tx.execute(s -> {
                DeploymentOperation saved = ops.save(make.apply(d));
                timeline.note(d.getId(), "PLANNED", OperationSteps.describe(saved) + " requested by "
                        + saved.getPrincipal(), saved.getId());
                return saved;
            });
            guard.recorded(name, op.getId(), kind);
            return op;
        } catch (RuntimeException e) {
            guard.release(name);
            throw e;
        }
    }

    /**
     * Suspends a running deployment (savepoint, then stop; with {@code drain}: fire every window first, and the
     * desired state becomes STOPPED instead of SUSPENDED). Completes within the request.
     *
     * @return the operation: SUCCEEDED with its savepoint, or FAILED (nothing changed) saying why
     */
    public DeploymentOperation suspend(String name, boolean drain, String principal) {
        OperationPlanner.Current c = planner.running(name);
        OperationKind kind = drain ? OperationKind.DRAIN : OperationKind.SUSPEND;
        int v = c.deployment().getVersion();
        int p = c.spec().parallelism();
        DeploymentOperation op = record(name, kind, d -> new DeploymentOperation(d.getId(), kind, principal, v, v,
                p, p, null, null, null, null, clock.instant()));
        long id = op.getId();
        try {
            tx.executeWithoutResult(s -> timeline.transition(op.getDeploymentId(), DeploymentStatus.SAVEPOINTING,
                    "OPERATION_STARTED", OperationSteps.describe(op), null, id));
            String savepoint = steps.savepointAndStop(id, name, drain);
            steps.tookSavepoint(id, savepoint, name);
            steps.stopRun(id, name);
        } catch (RuntimeException e) {
            steps.failUnchanged(id, name, e.getMessage());
            return steps.load(id);
        }
        DesiredState desired = drain ? DesiredState.STOPPED : DesiredState.SUSPENDED;
        DeploymentStatus status = drain ? DeploymentStatus.STOPPED : DeploymentStatus.SUSPENDED;
        return end(name, id, desired, status, v, c.deployment().getRestoredFrom());
    }

    /** Cancels a deployment: stops it without a savepoint, clears its checkpoints; desired CANCELLED. */
    public DeploymentOperation cancel(String name, String principal) {
        Deployment current = deployment(name);
        ExternalRuns.refuseUnlessEmbedded(current, "cancel");
        if (current.getDesiredState() != DesiredState.RUNNING
                && current.getDesiredState() != DesiredState.SUSPENDED) {
            throw new ConflictException("job '" + name + "' is " + current.getDesiredState() + "; nothing to cancel");
        }
        int v = current.getVersion();
        int p = runs.specOf(current).parallelism();
        DeploymentOperation op = record(name, OperationKind.CANCEL, d -> new DeploymentOperation(d.getId(),
                OperationKind.CANCEL, principal, v, v, p, p, null, null, null, null, clock.instant()));
        steps.stopRun(op.getId(), name);
        return end(name, op.getId(), DesiredState.CANCELLED, DeploymentStatus.CANCELLED, v,
                current.getRestoredFrom());
    }

    /**
     * Resumes a suspended deployment from the savepoint its last suspend took; from empty state only when
     * {@code fresh} is asked explicitly. The savepoint is verified and checked against the version before
     * anything changes.
     *
     * @throws ConflictException when the deployment is not suspended, or has no such savepoint and not fresh
     */
    public DeploymentOperation resume(String name, boolean fresh, String principal) {
        Deployment current = deployment(name);
        ExternalRuns.refuseUnlessEmbedded(current, "resume");
        guard.refuseIfBusy(name);
        if (current.getDesiredState() != DesiredState.SUSPENDED) {
            throw new ConflictException("job '" + name + "' is not suspended (desired " + current.getDesiredState()
                    + ")");
        }
        String savepoint = fresh ? null : suspendedAt(current).orElseThrow(() -> new ConflictException("job '" + name
                + "' has no savepoint of a suspend to resume from; resume with fresh=true to start from empty state"));
        JobSpec spec = runs.specOf(current);
        Restore restore = savepoint == null ? null
                : new Restore(stores.savepoints(name), savepoint, Restore.Policy.FAIL);
        if (restore != null) {
            SpecCheck.verify(restore, spec);
        }
        int v = current.getVersion();
        DeploymentOperation op = record(name, OperationKind.RESUME, d -> new DeploymentOperation(d.getId(),
                OperationKind.RESUME, principal, v, v, spec.parallelism(), spec.parallelism(), null, savepoint, null,
                null, clock.instant()));
        try {
            runs.startRun(name, v, spec, restore);
        } catch (RuntimeException e) {
            steps.failUnchanged(op.getId(), name, e.getMessage());
            return steps.load(op.getId());
        }
        steps.step(op.getId(), OperationStep.STARTED, savepoint, null, savepoint == null
                ? "started from empty state (fresh, as asked)" : "started from savepoint " + savepoint);
        return end(name, op.getId(), DesiredState.RUNNING, DeploymentStatus.STARTING, v, savepoint);
    }

    /** The savepoint of the deployment's last successful suspend. */
    Optional<String> suspendedAt(Deployment d) {
        return ops.findByDeploymentIdOrderByIdDesc(d.getId()).stream()
                .filter(o -> o.getKind() == OperationKind.SUSPEND && o.getState() == OperationState.SUCCEEDED)
                .map(DeploymentOperation::getSavepointId).findFirst();
    }

    /** Ends an operation that succeeded: the deployment's desired state and status, an event; frees the job. */
    DeploymentOperation end(String name, long opId, DesiredState desired, DeploymentStatus status,
            int version, String restoredFrom) {
        tx.executeWithoutResult(s -> {
            DeploymentOperation o = steps.load(opId);
            o.finish(OperationState.SUCCEEDED, null, clock.instant());
            Deployment d = steps.deploymentOf(o);
            d.settle(desired, d.getStatus(), version, d.getParallelism(), restoredFrom, null, clock.instant());
            timeline.transition(d.getId(), status, "SUCCEEDED", OperationSteps.describe(o) + " succeeded", null,
                    opId);
        });
        guard.release(name);
        return steps.load(opId);
    }

    /** A job's deployment; 404 unknown job, 409 never deployed. */
    Deployment deployment(String name) {
        Job job = jobs.find(name);
        return runs.deploymentOf(job)
                .orElseThrow(() -> new ConflictException("job '" + name + "' was never deployed"));
    }

    /** The job's operations, newest first. */
    public List<DeploymentOperation> of(String name) {
        return ops.findByDeploymentIdOrderByIdDesc(deployment(name).getId());
    }

    /** One operation of the job; 404 when it has none with that id. */
    public DeploymentOperation get(String name, long id) {
        Deployment d = deployment(name);
        return ops.findById(id).filter(o -> o.getDeploymentId() == d.getId())
                .orElseThrow(() -> new NotFoundException("job '" + name + "' has no operation " + id));
    }

    /** The deployment's timeline, oldest first. */
    public List<DeploymentEvent> events(String name) {
        return timeline.of(deployment(name).getId());
    }

    /**
     * Why a savepoint of a job must be kept, if it must (the {@code SavepointDependents} seam of the catalog): it
     * belongs to an operation in progress, it is the rollback point of the deployment's current run, or a
     * suspended deployment resumes from it.
     *
     * @return the reason, or empty when nothing here needs it
     */
    public Optional<String> whyNeeded(String job, String snapshotId) {
        Optional<Deployment> d = jobs.all().stream().filter(j -> j.getName().equals(job)).findFirst()
                .flatMap(runs::deploymentOf);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        for (DeploymentOperation o : ops.findByDeploymentIdAndStateOrderByIdDesc(d.get().getId(),
                OperationState.RUNNING)) {
            if (snapshotId.equals(o.getSavepointId())) {
                return Optional.of("the savepoint of " + OperationSteps.describe(o) + ", in progress");
            }
        }
        if (snapshotId.equals(d.get().getRestoredFrom())) {
            return Optional.of("the rollback point of '" + job + "': its current run was started from it");
        }
        if (d.get().getDesiredState() == DesiredState.SUSPENDED
                && suspendedAt(d.get()).filter(snapshotId::equals).isPresent()) {
            return Optional.of("'" + job + "' is suspended at it: resume restores it");
        }
        return Optional.empty();
    }

    private static String json(Object plan) {
        return JsonMapper.builder().build().writeValueAsString(plan);
    }

    @PreDestroy
    void shutdown() {
        background.shutdownNow();
    }
}
