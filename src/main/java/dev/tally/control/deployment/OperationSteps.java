package dev.tally.control.deployment;

import dev.tally.control.audit.AuditService;
import dev.tally.control.job.JobService;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.snapshot.Recovery;
import dev.tally.engine.snapshot.RescalePlan;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.spec.JobSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of operations, each recorded (operation row, deployment, timeline event in one transaction) before
 * the next begins: savepoint and stop, start from a savepoint, health gate, rollback. An upgrade or rescale is
 * continued from its recorded step, so the same code runs it first and completes it after a crash
 * ({@link Reconciler}). Never falls back silently: a failure after the old run stopped rolls back to the previous
 * version and parallelism from the same savepoint and says why (event, audit); if even that fails, the deployment
 * is FAILED with both reasons. Thread-safe; one operation per job at a time ({@link OperationGuard}).
 */
@Component
class OperationSteps {

    private static final Logger log = LoggerFactory.getLogger(OperationSteps.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long SAVEPOINT_TIMEOUT_S = 300;

    private final DeploymentService runs;
    private final JobService jobs;
    private final SnapshotStores stores;
    private final OperationRepository ops;
    private final DeploymentRepository deployments;
    private final Timeline timeline;
    private final AuditService audit;
    private final OperationGuard guard;
    private final TransactionTemplate tx;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();
    /** When each operation in progress stopped the old run (epoch ms), for the downtime it reports. */
    private final Map<Long, Long> stoppedAt = new ConcurrentHashMap<>();

    OperationSteps(DeploymentService runs, JobService jobs, SnapshotStores stores, OperationRepository ops,
            DeploymentRepository deployments, Timeline timeline, AuditService audit, OperationGuard guard,
            TransactionTemplate tx, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.runs = runs;
        this.jobs = jobs;
        this.stores = stores;
        this.ops = ops;
        this.deployments = deployments;
        this.timeline = timeline;
        this.audit = audit;
        this.guard = guard;
        this.tx = tx;
    }

    /** An operation step that failed; the message says why. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    DeploymentOperation load(long opId) {
        return ops.findById(opId).orElseThrow();
    }

    Deployment deploymentOf(DeploymentOperation op) {
        return deployments.findById(op.getDeploymentId()).orElseThrow();
    }

    String jobOf(DeploymentOperation op) {
        return deployments.findById(op.getDeploymentId()).orElseThrow().getJob().getName();
    }

    /** Records a step and, when {@code status} is not null, the deployment's new status, with an event. */
    void step(long opId, OperationStep done, String note, DeploymentStatus status, String message) {
        tx.executeWithoutResult(s -> {
            DeploymentOperation op = load(opId);
            op.step(done, note, clock.instant());
            if (status != null) {
                timeline.transition(op.getDeploymentId(), status, done.name(), message, null, opId);
            } else {
                timeline.note(op.getDeploymentId(), done.name(), message, opId);
            }
        });
    }

    /**
     * Takes a savepoint of the job's run and stops it there (with {@code drain}: fires every window first).
     *
     * @return the savepoint's id
     * @throws StepFailed when there is no run, or the savepoint failed or took longer than 5 minutes (the run
     *                    then still runs, unless it failed by itself)
     */
    String savepointAndStop(long opId, String name, boolean drain) {
        RunningJob run = runs.running(name).orElseThrow(() -> new StepFailed("job '" + name + "' has no run", null));
        stoppedAt.put(opId, clock.millis());
        try {
            return runs.savepointOf(name, run, drain, true).get(SAVEPOINT_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StepFailed("savepoint of '" + name + "' failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StepFailed("savepoint of '" + name + "' did not complete in " + SAVEPOINT_TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted while taking a savepoint of '" + name + "'", e);
        }
    }

    /** Stops the job's run if it has one (waiting for its threads), and clears its checkpoints. */
    void stopRun(long opId, String name) {
        stoppedAt.putIfAbsent(opId, clock.millis());
        RunningJob run = runs.detachRun(name);
        if (run != null) {
            try {
                run.stop(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while stopping '" + name + "'", e);
            }
        }
        // checkpoints are older than the savepoint (or of the run being replaced): never resume from them
        if (stores.hasCheckpoints(name)) {
            stores.clearCheckpoints(name);
        }
    }

    /**
     * Starts {@code version} at {@code parallelism} (null = its spec's) from {@code restore}.
     *
     * @throws RuntimeException whatever the engine refuses (incompatible state, bad spec), with its message
     */
    RunningJob start(String name, int version, Integer parallelism, Restore restore) {
        JobSpec spec = DeploymentService.withParallelism(
                JobService.spec(jobs.version(jobs.find(name), version)), parallelism);
        return runs.startRun(name, version, spec, restore);
    }

    /**
     * Where a run that an operation started resumes after a crash: its newest checkpoint (checkpoints were
     * cleared before it started, so any there is its own and newer than the savepoint), else the savepoint.
     */
    Restore restoreAfterCrash(String name, String savepointId, Restore.Policy policy) {
        return newestCheckpoint(name).orElseGet(() -> new Restore(stores.savepoints(name), savepointId, policy));
    }

    /** The job's newest checkpoint; refuses (throws) when one cannot be read, as {@link Recovery} does. */
    java.util.Optional<Restore> newestCheckpoint(String name) {
        Recovery.Choice c = Recovery.choose(stores.checkpoints(name), null);
        return java.util.Optional.ofNullable(c.checkpoint())
                .map(s -> new Restore(stores.checkpoints(name), s.id(), Restore.Policy.FAIL));
    }

    /** The deployment's parallelism override after an operation: a rescale sets it, others keep it. */
    private Integer parallelismAfter(DeploymentOperation op, boolean forward) {
        Deployment d = deployments.findById(op.getDeploymentId()).orElseThrow();
        if (op.getKind() != OperationKind.RESCALE) {
            return d.getParallelism();
        }
        return forward ? op.getToParallelism() : op.getFromParallelism();
    }

    /**
     * Runs (or, after a crash, continues) an upgrade or rescale from its recorded step to its end: savepoint and
     * stop, start the target from the savepoint, health gate; rolls back on any failure after the stop.
     */
    void swap(long opId) {
        DeploymentOperation planned = load(opId);
        String name = jobOf(planned);
        DeploymentOperation op = planned;
        try {
            if (op.getStep() == OperationStep.PLANNED) {
                DeploymentStatus busy = op.getKind() == OperationKind.UPGRADE ? DeploymentStatus.UPGRADING
                        : DeploymentStatus.RESCALING;
                tx.executeWithoutResult(s -> timeline.transition(planned.getDeploymentId(), busy,
                        "OPERATION_STARTED", describe(planned), null, opId));
                if (!op.isChosenSavepoint()) {
                    String id = savepointAndStop(opId, name, false);
                    tookSavepoint(opId, id, name);
                }
                stopRun(opId, name);
                step(opId, OperationStep.STOPPED, null, null, "version " + op.getFromVersion() + " stopped");
            }
            op = load(opId);
            if (op.getStep() == OperationStep.SAVEPOINT_TAKEN || op.getStep() == OperationStep.STOPPED) {
                stopRun(opId, name); // after a crash between the savepoint and the stop: nothing to stop
                try {
                    startTarget(op, name, new Restore(stores.savepoints(name), op.getSavepointId(), policy(op)));
                } finally {
                    if (!op.isChosenSavepoint()) { // once the new run is up: reading it back is not downtime
                        catalog(op, op.getSavepointId(), name);
                    }
                }
            }
            op = load(opId);
            if (op.getStep() == OperationStep.STARTED) {
                RunningJob run = runs.running(name).orElse(null);
                if (run == null) { // continued after a crash of the service
                    run = start(name, op.getToVersion(), parallelismAfter(op, true),
                            restoreAfterCrash(name, op.getSavepointId(), policy(op)));
                }
                gate(op, name, run);
            } else if (op.getStep() == OperationStep.GATE_PASSED) {
                succeed(opId, "done after a restart of the service");
            } else if (op.getStep() == OperationStep.ROLLING_BACK) {
                rollback(opId, op.getError() == null ? "rollback continued after a restart" : op.getError());
            }
        } catch (RuntimeException e) {
            DeploymentOperation now = load(opId);
            if (now.getStep() == OperationStep.PLANNED) {
                failUnchanged(opId, name, e.getMessage());
            } else if (now.getStep() != OperationStep.DONE) {
                rollback(opId, e.getMessage());
            } else {
                log.error("Operation {} on {} failed after it ended", opId, name, e);
            }
        } finally {
            stoppedAt.remove(opId);
        }
    }

    /**
     * Records the savepoint an operation took. A rescale's plan gets the savepoint's real key counts only after
     * the new run is up ({@link #gate}): counting them reads every state entry, which must not add to the downtime.
     */
    void tookSavepoint(long opId, String id, String name) {
        DeploymentOperation op = load(opId);
        tx.executeWithoutResult(s -> load(opId).savepoint(id));
        step(opId, OperationStep.SAVEPOINT_TAKEN, id, null, "savepoint " + id + " taken");
        if (op.getKind() != OperationKind.UPGRADE && op.getKind() != OperationKind.RESCALE) {
            catalog(op, id, name); // an upgrade or rescale registers it once its new run is up (swap)
        }
    }

    /**
     * Registers an operation's savepoint in the catalog (which reads every file back and asks Kafka for the
     * topic's earliest offsets: hundreds of ms at a million keys, so never between the stop and the new start).
     */
    private void catalog(DeploymentOperation op, String id, String name) {
        events.publishEvent(new SavepointTaken(name, id, op.getKind(), op.getDeploymentId()));
    }

    private void startTarget(DeploymentOperation op, String name, Restore restore) {
        start(name, op.getToVersion(), parallelismAfter(op, true), restore);
        Integer parallelism = parallelismAfter(op, true);
        tx.executeWithoutResult(s -> {
            Deployment d = deployments.findById(op.getDeploymentId()).orElseThrow();
            d.settle(DesiredState.RUNNING, d.getStatus(), op.getToVersion(), parallelism, op.getSavepointId(), null,
                    clock.instant());
        });
        step(op.getId(), OperationStep.STARTED, null, null, "version " + op.getToVersion() + " at parallelism "
                + op.getToParallelism() + " started from savepoint " + op.getSavepointId());
    }

    private void gate(DeploymentOperation op, String name, RunningJob run) {
        Manifest sp = manifestOf(name, op.getSavepointId());
        HealthGate.Outcome outcome = HealthGate.parse(op.getGate()).watch(run, sp.watermark(), sp.counters());
        if (op.getKind() == OperationKind.RESCALE) {
            String plan = JSON.writeValueAsString(RescalePlan.of(stores.savepoints(name).open(op.getSavepointId()),
                    op.getToParallelism()));
            tx.executeWithoutResult(s -> load(op.getId()).plan(plan));
        }
        if (!outcome.passed()) {
            rollback(op.getId(), outcome.reason());
            return;
        }
        Long t0 = stoppedAt.get(op.getId());
        if (t0 != null && outcome.runningAtMs() > 0) {
            long downtime = outcome.runningAtMs() - t0;
            tx.executeWithoutResult(s -> load(op.getId()).downtime(downtime));
        }
        step(op.getId(), OperationStep.GATE_PASSED, null, null, outcome.reason());
        succeed(op.getId(), null);
    }

    /**
     * The manifest of a savepoint the new run was just restored from (and so verified): read without its data
     * files, which the gate does not need and which take seconds to read and hash for millions of keys.
     *
     * @throws StepFailed when the store no longer lists it
     */
    private Manifest manifestOf(String name, String savepointId) {
        return stores.savepoints(name).list().stream().filter(s -> s.id().equals(savepointId)).findFirst()
                .map(SnapshotStore.Stored::manifest)
                .orElseThrow(() -> new StepFailed("savepoint " + savepointId + " of '" + name + "' is gone", null));
    }

    private void succeed(long opId, String note) {
        tx.executeWithoutResult(s -> {
            DeploymentOperation op = load(opId);
            op.finish(OperationState.SUCCEEDED, null, clock.instant());
            timeline.transition(op.getDeploymentId(), DeploymentStatus.RUNNING, "SUCCEEDED",
                    describe(op) + " succeeded" + (op.getDowntimeMs() == null ? ""
                            : "; downtime " + op.getDowntimeMs() + " ms") + (note == null ? "" : " (" + note + ")"),
                    null, opId);
        });
        guard.release(jobOf(load(opId)));
    }

    /** Ends an operation that failed before the old run was stopped: nothing changed, the old run runs on. */
    void failUnchanged(long opId, String name, String why) {
        boolean runs = this.runs.running(name).map(r -> r.state() == JobState.RUNNING).orElse(false);
        tx.executeWithoutResult(s -> {
            DeploymentOperation op = load(opId);
            op.finish(OperationState.FAILED, why, clock.instant());
            timeline.transition(op.getDeploymentId(), runs ? DeploymentStatus.RUNNING : DeploymentStatus.FAILED,
                    "FAILED", describe(op) + " failed before anything changed: " + why, why, opId);
        });
        log.warn("Operation {} on {} failed, nothing changed: {}", opId, name, why);
        guard.release(name);
    }

    /**
     * Rolls back: stops the new run, restores the previous version and parallelism from the operation's
     * savepoint, and records why (event, audit as {@link AuditService#SYSTEM}). If the previous version cannot
     * be started either, the deployment is FAILED with both reasons.
     */
    void rollback(long opId, String why) {
        DeploymentOperation op = load(opId);
        String name = jobOf(op);
        tx.executeWithoutResult(s -> {
            DeploymentOperation o = load(opId);
            o.fail(why);
            o.step(OperationStep.ROLLING_BACK, null, clock.instant());
            timeline.transition(o.getDeploymentId(), DeploymentStatus.ROLLING_BACK, "ROLLING_BACK",
                    "rolling back to version " + o.getFromVersion() + " at parallelism " + o.getFromParallelism()
                            + " from savepoint " + o.getSavepointId() + ": " + why, why, opId);
        });
        log.warn("Rolling back operation {} on {}: {}", opId, name, why);
        Integer parallelism = parallelismAfter(op, false);
        // before the new run stops: which windows it emitted, that the restored version emits again
        RunningJob newRun = runs.observedRun(name).filter(r -> r.version() == op.getToVersion())
                .flatMap(r -> runs.running(name)).orElse(null);
        String outputs = RollbackOutputs.describe(newRun, op.getToVersion(), op.getFromVersion());
        String outcome;
        try {
            stopRun(opId, name);
            start(name, op.getFromVersion(), parallelism,
                    new Restore(stores.savepoints(name), op.getSavepointId(), Restore.Policy.FAIL));
            tx.executeWithoutResult(s -> {
                DeploymentOperation o = load(opId);
                o.finish(OperationState.ROLLED_BACK, why + "; outputs: " + outputs, clock.instant());
                deployments.findById(o.getDeploymentId()).orElseThrow().settle(DesiredState.RUNNING,
                        DeploymentStatus.ROLLING_BACK, o.getFromVersion(), parallelism, o.getSavepointId(), why,
                        clock.instant());
                timeline.transition(o.getDeploymentId(), DeploymentStatus.STARTING, "ROLLED_BACK", "version "
                        + o.getFromVersion() + " runs again from savepoint " + o.getSavepointId() + "; why: " + why
                        + "; outputs: " + outputs, why, opId);
            });
            outcome = "rolled back to version " + op.getFromVersion() + " from savepoint " + op.getSavepointId()
                    + "; outputs: " + outputs;
        } catch (RuntimeException e) {
            String both = why + "; rollback failed too: " + e.getMessage();
            tx.executeWithoutResult(s -> {
                DeploymentOperation o = load(opId);
                o.finish(OperationState.FAILED, both, clock.instant());
                timeline.transition(o.getDeploymentId(), DeploymentStatus.FAILED, "ROLLBACK_FAILED", both, both,
                        opId);
            });
            log.error("Rollback of operation {} on {} failed", opId, name, e);
            outcome = "rollback failed: " + both;
        }
        audit.record(AuditService.SYSTEM, "rollback", "/api/jobs/" + name + "/deployment/operations/" + opId,
                "operation=" + opId + "&kind=" + op.getKind(), outcome.startsWith("rollback failed") ? 500 : 200,
                outcome + "; why: " + why);
        guard.release(name);
    }

    static Restore.Policy policy(DeploymentOperation op) {
        return op.getPolicy() == null ? Restore.Policy.FAIL
                : Restore.Policy.valueOf(op.getPolicy().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    static String describe(DeploymentOperation op) {
        return switch (op.getKind()) {
            case UPGRADE -> "upgrade " + op.getId() + " from version " + op.getFromVersion() + " to "
                    + op.getToVersion() + (op.getPolicy() == null ? "" : " (policy " + op.getPolicy() + ")");
            case RESCALE -> "rescale " + op.getId() + " from parallelism " + op.getFromParallelism() + " to "
                    + op.getToParallelism();
            default -> op.getKind().name().toLowerCase(java.util.Locale.ROOT) + " " + op.getId();
        };
    }
}
