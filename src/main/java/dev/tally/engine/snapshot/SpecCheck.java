package dev.tally.engine.snapshot;

import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecJson;

/** Checks a snapshot against a job spec without starting anything (the restore performs the same checks). */
public final class SpecCheck {

    private SpecCheck() {
    }

    /** The compatibility of a snapshot's state with {@code spec}. */
    public static Compatibility.Report report(Snapshot snapshot, JobSpec spec) {
        return Compatibility.check(SpecJson.read(snapshot.manifest().specJson()), spec);
    }

    /** Throws {@link SnapshotException} when the restore would be refused (verification, max parallelism, policy). */
    public static void verify(Restore restore, JobSpec spec) {
        Snapshot s = restore.store().open(restore.id());
        if (s.manifest().maxParallelism() != spec.maxParallelism()) {
            throw new SnapshotException("snapshot " + s.id() + " was taken with max parallelism "
                    + s.manifest().maxParallelism() + "; this job has " + spec.maxParallelism());
        }
        Compatibility.Report r = report(s, spec);
        if (!r.compatible() && restore.policy() == Restore.Policy.FAIL) {
            throw new SnapshotException("snapshot " + s.id() + " is not compatible with this version: " + r.problems()
                    + ". Choose policy reset-windows or drain-first to go on");
        }
    }
}
