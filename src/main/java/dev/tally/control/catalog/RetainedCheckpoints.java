package dev.tally.control.catalog;

import dev.tally.control.deployment.CheckpointDeleted;
import dev.tally.control.deployment.CheckpointRetained;
import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.job.JobService;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.snapshot.SnapshotStore;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the engine's retained checkpoints in the catalog (kind CHECKPOINT, trigger CHECKPOINT), following the
 * engine's own retention: a checkpoint the engine stored is registered on this component's own thread, in the
 * order stored (its files are read back and its offsets checked against Kafka there, never on the engine's
 * thread); a checkpoint the engine is about to delete (subsumed, or the job stopped) loses its row at once, before
 * its files go, so a row never refers to deleted files and subsumption never shows as MISSING. At start-up
 * {@link #reconcile} registers checkpoints stored while the service was not listening and drops rows whose files
 * are gone. The engine owns their lifetime: the newest one of a running deployment is what it recovers from, so
 * delete refuses it ({@link SavepointDependents}). Thread-safe.
 */
@Component
class RetainedCheckpoints implements SavepointDependents {

    private static final Logger log = LoggerFactory.getLogger(RetainedCheckpoints.class);

    private final SavepointCatalog catalog;
    private final SnapshotStores stores;
    private final DeploymentService deployments;
    private final JobService jobs;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalog-checkpoints");
        t.setDaemon(true);
        return t;
    });

    RetainedCheckpoints(SavepointCatalog catalog, SnapshotStores stores, DeploymentService deployments,
            JobService jobs) {
        this.catalog = catalog;
        this.stores = stores;
        this.deployments = deployments;
        this.jobs = jobs;
    }

    /** The engine stored a checkpoint: registered soon, on this component's thread. */
    @EventListener
    void retained(CheckpointRetained e) {
        try {
            thread.execute(() -> register(e));
        } catch (RejectedExecutionException ex) { // shutting down: the next start's reconciliation registers it
            log.info("Checkpoint {} of job {} stored while the service stops: registered at the next start",
                    e.snapshotId(), e.job());
        }
    }

    private void register(CheckpointRetained e) {
        try {
            catalog.register(e.job(), e.snapshotId(), e.manifest(), SavepointTrigger.CHECKPOINT,
                    deploymentId(e.job()));
        } catch (RuntimeException ex) {
            log.error("Checkpoint {} of job {} could not be registered in the catalog ({}); the next reconciliation "
                    + "registers it", e.snapshotId(), e.job(), ex.toString());
        }
    }

    /** The engine is about to delete a checkpoint's files: its row goes first. */
    @EventListener
    void deleted(CheckpointDeleted e) {
        try {
            catalog.forgetCheckpoint(e.job(), e.snapshotId(), e.why());
        } catch (RuntimeException ex) { // never fail the engine's checkpoint for the catalog's sake
            log.error("Row of checkpoint {} of job {} could not be removed before its files ({}); the next "
                    + "reconciliation removes it", e.snapshotId(), e.job(), ex.toString());
        }
    }

    private Long deploymentId(String job) {
        return deployments.deploymentOf(jobs.find(job)).map(Deployment::getId).orElse(null);
    }

    /**
     * Brings a job's checkpoint rows in line with its checkpoint store: readable checkpoints without a row are
     * registered (trigger CHECKPOINT), rows whose files are gone are removed (the engine subsumed them).
     *
     * @return what changed, as {@code job/id} with "registered" or "removed"
     */
    List<String> reconcile(String job) {
        SnapshotStore store = stores.checkpointFiles(job);
        SnapshotStore.Listing l = store.scan();
        Set<String> onDisk = new HashSet<>();
        List<String> changed = new ArrayList<>();
        Set<String> rows = new HashSet<>();
        catalog.checkpointRows(job).forEach(r -> rows.add(r.getSnapshotId()));
        for (SnapshotStore.Stored s : l.snapshots()) {
            onDisk.add(s.id());
            if (!rows.contains(s.id()) && catalog.register(job, s.id(), s.manifest(), SavepointTrigger.CHECKPOINT,
                    deploymentId(job)) != null) {
                changed.add(job + "/" + s.id() + " registered");
            }
        }
        l.unreadable().forEach(u -> onDisk.add(u.id()));
        for (String id : rows) {
            if (!onDisk.contains(id)) {
                catalog.forgetCheckpoint(job, id, "its files are gone from the checkpoint store");
                changed.add(job + "/" + id + " removed");
            }
        }
        if (!changed.isEmpty()) {
            log.info("Retained checkpoints of job {} reconciled: {}", job, changed);
        }
        return changed;
    }

    /**
     * Refuses to delete the newest checkpoint of a job whose run is alive: the engine recovers from it after a
     * failure or a restart of the service.
     */
    @Override
    public Optional<String> whyNeeded(String job, String snapshotId) {
        boolean alive = deployments.running(job)
                .map(r -> r.state() == JobState.RUNNING || r.state() == JobState.STARTING).orElse(false);
        if (!alive) {
            return Optional.empty();
        }
        List<SnapshotStore.Stored> retained = stores.checkpointFiles(job).list();
        if (!retained.isEmpty() && retained.get(retained.size() - 1).id().equals(snapshotId)) {
            return Optional.of("it is the latest retained checkpoint of the running deployment of '" + job
                    + "': the engine recovers from it after a failure or a restart, and deletes it itself once a "
                    + "newer checkpoint subsumes it");
        }
        return Optional.empty();
    }

    /** Waits (at most 10 s) for the registrations already asked for. */
    @PreDestroy
    void stop() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Checkpoint registrations still running at shutdown: the next start's reconciliation ends them");
        }
    }
}
