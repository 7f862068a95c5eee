package dev.tally.control.deployment;

import dev.tally.control.system.TallyProperties;
import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.Restore;
import dev.tally.control.web.NotFoundException;
import dev.tally.engine.snapshot.Snapshot;
import dev.tally.engine.snapshot.SnapshotNotFoundException;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.snapshot.SpecCheck;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.snapshot.Recovery;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Where deployments keep their snapshots: checkpoints (the engine's, for recovery) under
 * {@code <data>/state/<job>/checkpoints}, savepoints (the user's, never deleted by the engine) under
 * {@code <data>/savepoints/<job>}.
 */
@Component
public class SnapshotStores {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStores.class);

    private final Path data;
    private final ApplicationEventPublisher events;

    SnapshotStores(TallyProperties props, ApplicationEventPublisher events) {
        this.data = props.dataPath();
        this.events = events;
    }

    /**
     * A job's checkpoint store as runs and operations use it: each checkpoint stored is announced
     * ({@link CheckpointRetained}), each deletion announced before the files go ({@link CheckpointDeleted}), so
     * the savepoint catalog follows the engine's retention.
     */
    public SnapshotStore checkpoints(String job) {
        return new ObservedCheckpoints(job, checkpointFiles(job), events);
    }

    /** A job's checkpoint store without announcements: for the catalog, which keeps its rows itself. */
    public SnapshotStore checkpointFiles(String job) {
        return new FileSnapshotStore(data.resolve("state").resolve(job).resolve("checkpoints"));
    }

    public SnapshotStore savepoints(String job) {
        return new FileSnapshotStore(data.resolve("savepoints").resolve(job));
    }

    boolean hasCheckpoints(String job) {
        SnapshotStore.Listing l = checkpoints(job).scan();
        return !l.snapshots().isEmpty() || !l.unreadable().isEmpty();
    }

    /**
     * Deletes a job's checkpoints when the user stops it (the next deploy starts fresh or from a savepoint);
     * unreadable entries are deleted too, and named in the log.
     */
    void clearCheckpoints(String job) {
        SnapshotStore store = checkpoints(job);
        SnapshotStore.Listing l = store.scan();
        l.snapshots().forEach(s -> store.delete(s.id()));
        for (SnapshotStore.Unreadable u : l.unreadable()) {
            log.warn("Deleting unreadable checkpoint of stopped job {}: {}", job, u.problem());
            store.delete(u.id());
        }
    }

    /**
     * The checkpoint to resume a deployment from after a restart of the service or a failure: the newest one, or
     * the one the user named; null if the job has none.
     *
     * @param chosen a checkpoint id the user chose explicitly (newer and unreadable ones are then set aside), or
     *               null for the newest
     * @throws dev.tally.engine.snapshot.UnreadableSnapshotException when nothing was chosen and a checkpoint of
     *                                                               the job cannot be read
     */
    Restore checkpointToResume(String job, String chosen) {
        SnapshotStore store = checkpoints(job);
        Recovery.Choice choice = Recovery.choose(store, chosen);
        choice.quarantined().forEach(q -> log.warn("Checkpoint {} of job {} set aside as the user chose checkpoint {}",
                q, job, chosen));
        return choice.checkpoint() == null ? null : new Restore(store, choice.checkpoint().id(), Restore.Policy.FAIL);
    }

    /**
     * A savepoint of a job, verified.
     *
     * @throws NotFoundException naming the job and the id (never the directory) when there is no such savepoint
     * @throws dev.tally.engine.snapshot.SnapshotException when it is corrupt or of an unknown format
     */
    public Snapshot savepoint(String job, String id) {
        try {
            return savepoints(job).open(id);
        } catch (SnapshotNotFoundException e) {
            throw noSavepoint(job, id);
        }
    }

    private static NotFoundException noSavepoint(String job, String id) {
        return new NotFoundException("job '" + job + "' has no savepoint '" + id + "'");
    }

    /**
     * Verifies a savepoint and its compatibility with {@code spec} under the restore's policy; throws if refused
     * ({@link NotFoundException} when the job has no such savepoint).
     */
    void check(String job, Restore restore, JobSpec spec) {
        try {
            SpecCheck.verify(restore, spec);
        } catch (SnapshotNotFoundException e) {
            throw noSavepoint(job, restore.id());
        }
    }

    /** The compatibility of a stored savepoint with a spec. */
    public Compatibility.Report compatibility(String job, String savepointId, JobSpec spec) {
        return SpecCheck.report(savepoint(job, savepointId), spec);
    }
}
