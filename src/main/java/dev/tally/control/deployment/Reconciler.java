package dev.tally.control.deployment;

import dev.tally.control.audit.AuditService;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.SnapshotStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start-up, before deployments are resumed: finds the operations that a crash of the service left in
 * progress and completes or rolls back each from its recorded step, so that a deployment ends either on its new
 * version from the operation's savepoint or on its old one, never with none running and never restored from a
 * snapshot older than output already committed. A savepoint taken just before the crash but not yet recorded is
 * found in the job's savepoint store (a savepoint of the operation's version created after it started) and
 * adopted; with none, the old run was never stopped by the operation and resumes from its checkpoints as usual.
 * Every decision is an event on the deployment's timeline and an audit entry by {@link AuditService#SYSTEM}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class Reconciler implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final OperationRepository ops;
    private final OperationSteps steps;
    private final Operations operations;
    private final OperationGuard guard;
    private final SnapshotStores stores;
    private final Timeline timeline;
    private final AuditService audit;

    Reconciler(OperationRepository ops, OperationSteps steps, Operations operations, OperationGuard guard,
            SnapshotStores stores, Timeline timeline, AuditService audit) {
        this.ops = ops;
        this.steps = steps;
        this.operations = operations;
        this.guard = guard;
        this.stores = stores;
        this.timeline = timeline;
        this.audit = audit;
    }

    @Override
    public void run(ApplicationArguments args) {
        reconcile();
    }

    /** Completes or rolls back every operation left in progress; upgrades and rescales continue in background. */
    void reconcile() {
        List<DeploymentOperation> unfinished = ops.findByState(OperationState.RUNNING);
        for (DeploymentOperation op : unfinished) {
            String name = steps.jobOf(op);
            guard.recorded(name, op.getId(), op.getKind());
            String found = OperationSteps.describe(op) + " was left at step " + op.getStep()
                    + " by a stop of the service";
            log.warn("Reconciling: {}", found);
            timeline.note(op.getDeploymentId(), "RECONCILING", found, op.getId());
            audit.record(AuditService.SYSTEM, "reconcile", "/api/jobs/" + name + "/deployment/operations/"
                    + op.getId(), "operation=" + op.getId() + "&step=" + op.getStep(), 200, found);
            try {
                continueOperation(op, name);
            } catch (RuntimeException e) {
                log.error("Cannot reconcile operation {} of {}", op.getId(), name, e);
                steps.failUnchanged(op.getId(), name, "cannot be completed after a restart: " + e.getMessage());
            }
        }
    }

    private void continueOperation(DeploymentOperation op, String name) {
        long id = op.getId();
        boolean needsSavepoint = op.getKind() == OperationKind.UPGRADE || op.getKind() == OperationKind.RESCALE
                || op.getKind() == OperationKind.SUSPEND || op.getKind() == OperationKind.DRAIN;
        if (needsSavepoint && op.getStep() == OperationStep.PLANNED && op.getSavepointId() == null) {
            Optional<String> adopted = savepointTakenBy(op, name);
            if (adopted.isEmpty()) {
                steps.failUnchanged(id, name, "the service stopped before the savepoint was taken; nothing changed,"
                        + " version " + op.getFromVersion() + " resumes from its checkpoints");
                return;
            }
            steps.tookSavepoint(id, adopted.get(), name);
        }
        switch (op.getKind()) {
            case UPGRADE, RESCALE -> {
                Thread t = new Thread(() -> steps.swap(id), "tally-reconcile-" + id);
                t.setDaemon(true);
                t.start();
            }
            case SUSPEND, DRAIN -> {
                steps.stopRun(id, name);
                boolean drain = op.getKind() == OperationKind.DRAIN;
                operations.end(name, id, drain ? DesiredState.STOPPED : DesiredState.SUSPENDED,
                        drain ? DeploymentStatus.STOPPED : DeploymentStatus.SUSPENDED, op.getFromVersion(),
                        steps.deploymentOf(op).getRestoredFrom());
            }
            case CANCEL -> {
                steps.stopRun(id, name);
                operations.end(name, id, DesiredState.CANCELLED, DeploymentStatus.CANCELLED, op.getFromVersion(),
                        steps.deploymentOf(op).getRestoredFrom());
            }
            case RESUME -> {
                Restore savepoint = op.getSavepointId() == null ? null
                        : new Restore(stores.savepoints(name), op.getSavepointId(), Restore.Policy.FAIL);
                Restore restore = op.getStep() == OperationStep.STARTED
                        ? steps.newestCheckpoint(name).orElse(savepoint) : savepoint;
                steps.start(name, op.getFromVersion(), steps.deploymentOf(op).getParallelism(), restore);
                operations.end(name, id, DesiredState.RUNNING, DeploymentStatus.STARTING, op.getFromVersion(),
                        op.getSavepointId());
            }
        }
    }

    /** The newest savepoint of the operation's version created after the operation started, if any. */
    private Optional<String> savepointTakenBy(DeploymentOperation op, String name) {
        Optional<String> newest = Optional.empty();
        for (SnapshotStore.Stored s : stores.savepoints(name).list()) {
            boolean after = !Instant.parse(s.manifest().createdAt()).isBefore(op.getStartedAt());
            if (after && s.manifest().jobVersion() == op.getFromVersion()) {
                newest = Optional.of(s.id());
            }
        }
        return newest;
    }
}
