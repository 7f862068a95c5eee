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
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Where deployments keep their snapshots: checkpoints (the engine's, for recovery) under
 * {@code <data>/state/<job>/checkpoints}, savepoints (the user's, never deleted by the engine) under
 * {@code <data>/savepoints/<job>}.
 */
@Component
public class SnapshotStores {

    private final Path data;

    SnapshotStores(TallyProperties props) {
        this.data = props.dataPath();
    }

    public SnapshotStore checkpoints(String job) {
        return new FileSnapshotStore(data.resolve("state").resolve(job).resolve("checkpoints"));
    }

    public SnapshotStore savepoints(String job) {
        return new FileSnapshotStore(data.resolve("savepoints").resolve(job));
    }

    boolean hasCheckpoints(String job) {
        return !checkpoints(job).list().isEmpty();
    }

    void clearCheckpoints(String job) {
        SnapshotStore store = checkpoints(job);
        store.list().forEach(s -> store.delete(s.id()));
    }

    /** The latest checkpoint of a job, to resume a deployment after a restart of the service; null if none. */
    Restore latestCheckpoint(String job) {
        List<SnapshotStore.Stored> all = checkpoints(job).list();
        return all.isEmpty() ? null : new Restore(checkpoints(job), all.get(all.size() - 1).id(), Restore.Policy.FAIL);
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
