package dev.tally.engine.runtime;

import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.Snapshot;
import dev.tally.engine.snapshot.SpecCheck;
import dev.tally.engine.spec.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified snapshot turned into what each reader and subtask of a new run starts from. Everything that can
 * refuse the snapshot (checksums, format version, max parallelism, compatibility) happens here, before the job
 * has any thread or state. Immutable.
 *
 * @param snapshot      the verified snapshot
 * @param oldSpec       the spec of the version that took it
 * @param report        compatibility of the new spec with that state
 * @param keepWindows   whether window state is restored (compatible, or policy FAIL never gets here)
 * @param drainOld      whether the old windows must be fired first (policy DRAIN_FIRST on an incompatible change)
 */
record RestorePlan(Snapshot snapshot, JobSpec oldSpec, Compatibility.Report report, boolean keepWindows,
        boolean drainOld) {

    static RestorePlan of(Restore restore, JobSpec spec) {
        SpecCheck.Checked c = SpecCheck.verify(restore, spec);
        boolean keep = c.report().compatible();
        return new RestorePlan(c.snapshot(), c.oldSpec(), c.report(), keep,
                !keep && restore.policy() == Restore.Policy.DRAIN_FIRST);
    }

    /** The key-group data a subtask owns at the new parallelism. */
    List<byte[]> groupsOf(int subtask, int parallelism, int maxParallelism) {
        List<byte[]> out = new ArrayList<>();
        if (!keepWindows) {
            return out;
        }
        for (Manifest.DataFile f : snapshot.manifest().keyGroups()) {
            if (KeyGroups.subtask(f.index(), maxParallelism, parallelism) == subtask) {
                out.add(snapshot.file(f.file()));
            }
        }
        return out;
    }

    /** Every key group's data (to drain the old version). */
    List<byte[]> allGroups() {
        List<byte[]> out = new ArrayList<>();
        snapshot.manifest().keyGroups().forEach(f -> out.add(snapshot.file(f.file())));
        return out;
    }

    /** Source partitions by id. */
    Map<Integer, Manifest.SourcePartition> sources() {
        Map<Integer, Manifest.SourcePartition> out = new HashMap<>();
        snapshot.manifest().sources().forEach(p -> out.put(p.partition(), p));
        return out;
    }

    /** Pending exactly-once outputs by transactional id. */
    Map<String, byte[]> pendingOutputs() {
        Map<String, byte[]> out = new HashMap<>();
        snapshot.manifest().pendingOutputs().forEach(f -> out.put(f.owner(), snapshot.file(f.file())));
        return out;
    }
}
