package dev.tally.engine.snapshot;

import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecJson;

/**
 * Checks a snapshot against a job spec without starting anything; a restore performs exactly these checks, so a
 * pre-flight check and the restore refuse the same snapshots with the same messages.
 */
public final class SpecCheck {

    private SpecCheck() {
    }

    /**
     * A snapshot that passed the checks.
     *
     * @param snapshot the verified snapshot
     * @param oldSpec  the spec of the version that took it
     * @param report   the compatibility of its window state with the new spec
     */
    public record Checked(Snapshot snapshot, JobSpec oldSpec, Compatibility.Report report) {
    }

    /** The compatibility of a snapshot's state with {@code spec}. */
    public static Compatibility.Report report(Snapshot snapshot, JobSpec spec) {
        return Compatibility.check(SpecJson.read(snapshot.manifest().specJson()), spec);
    }

    /**
     * Verifies the snapshot (checksums, format version), its max parallelism and, under the restore's policy, its
     * compatibility with {@code spec}; throws {@link SnapshotException} saying why when it would be refused.
     */
    public static Checked verify(Restore restore, JobSpec spec) {
        Snapshot s = restore.store().open(restore.id());
        Manifest m = s.manifest();
        if (m.maxParallelism() != spec.maxParallelism()) {
            throw new SnapshotException("snapshot " + s.id() + " was taken with max parallelism " + m.maxParallelism()
                    + "; this job has " + spec.maxParallelism() + ". State is split into that many key groups and "
                    + "cannot be re-split: keep maxParallelism " + m.maxParallelism());
        }
        JobSpec old = SpecJson.read(m.specJson());
        Compatibility.Report report = Compatibility.check(old, spec);
        if (!report.compatible() && restore.policy() == Restore.Policy.FAIL) {
            throw new SnapshotException("snapshot " + s.id() + " is not compatible with this version of "
                    + spec.name() + ": " + report.problems() + ". Choose policy reset-windows or drain-first to go on");
        }
        return new Checked(s, old, report);
    }
}
