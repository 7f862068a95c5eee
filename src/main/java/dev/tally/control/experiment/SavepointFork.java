package dev.tally.control.experiment;

import dev.tally.engine.snapshot.BytesOutput;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.Snapshot;
import dev.tally.engine.snapshot.SnapshotStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a savepoint of deployment A for an experiment's run b, leaving out A's pending exactly-once Kafka
 * outputs. Those belong to A: A commits them itself with its own transactional ids. A run restored from the
 * savepoint as it is would open producers with A's transactional ids to write them again, which fences A's live
 * producers and could write into A's topics; the copy has none, so b never touches A's outputs. Everything else
 * (key groups, offsets, watermarks, counters, spec) is copied byte for byte, and the copy's parent is A's
 * savepoint. Stateless.
 */
final class SavepointFork {

    private SavepointFork() {
    }

    /**
     * Writes the copy into {@code target}.
     *
     * @param savepoint A's savepoint, opened (so verified)
     * @return the copy's id in {@code target}
     * @throws java.io.UncheckedIOException when the copy cannot be written
     */
    static String copyWithoutPendingOutputs(Snapshot savepoint, SnapshotStore target) {
        Manifest m = savepoint.manifest();
        Map<String, BytesOutput> files = new HashMap<>();
        List<Manifest.DataFile> groups = m.keyGroups().stream().map(f -> {
            files.put(f.file(), BytesOutput.of(savepoint.file(f.file())));
            return new Manifest.DataFile(f.index(), f.entries(), 0, f.file(), null, f.owner());
        }).toList();
        Manifest draft = new Manifest(m.formatVersion(), m.kind(), m.checkpointId(), m.jobName(), m.jobVersion(),
                m.specHash(), m.specJson(), m.maxParallelism(), m.parallelism(), m.createdAt(), m.trigger(),
                savepoint.id(), m.mode(), m.watermark(), m.clock(), m.sources(), groups, List.of(), m.writerId(),
                m.counters());
        return target.write(draft, files).id();
    }
}
