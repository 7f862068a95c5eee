package dev.tally.engine.runtime;

import dev.tally.engine.io.source.Source;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.window.WindowResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to run a job beyond its spec.
 *
 * @param source            a source to use instead of the spec's (tests, replays); null = the spec's
 * @param listeners         also receive every result (thread-safe consumers: several subtasks call them)
 * @param untilEnd          a Kafka source stops at the end offsets it finds at start
 * @param emission          overrides the spec's watermark emission; null = the spec's, or its default
 * @param elementWatermarks derive watermarks from element timestamps (false: only from the source's explicit
 *                          watermarks, as in the conformance harness)
 * @param checkpoints       where checkpoints go (and are recovered from); null = no checkpoints
 * @param savepoints        where savepoints go; null = no savepoints
 * @param restore           start from this snapshot; null = start fresh
 * @param jobVersion        the job's version in the control plane, recorded in snapshots (0 outside it)
 * @param transactionalId   prefix of the exactly-once sink's transactional ids (unique per deployment)
 * @param combine           readers pre-aggregate where the job allows it ({@link Combiner}); false sends every
 *                          element to its subtask (comparisons in tests and benchmarks)
 */
public record JobOptions(Source source, List<Consumer<WindowResult>> listeners, boolean untilEnd,
        TimeSpec.Emission emission, boolean elementWatermarks, SnapshotStore checkpoints, SnapshotStore savepoints,
        Restore restore, int jobVersion, String transactionalId, boolean combine) {

    public static JobOptions defaults() {
        return new JobOptions(null, List.of(), false, null, true, null, null, null, 0, null, true);
    }

    public JobOptions withListener(Consumer<WindowResult> listener) {
        return new JobOptions(source, List.of(listener), untilEnd, emission, elementWatermarks, checkpoints,
                savepoints, restore, jobVersion, transactionalId, combine);
    }

    public JobOptions withUntilEnd() {
        return new JobOptions(source, listeners, true, emission, elementWatermarks, checkpoints, savepoints, restore,
                jobVersion, transactionalId, combine);
    }

    public JobOptions withSource(Source s, boolean fromElements) {
        return new JobOptions(s, listeners, untilEnd, emission, fromElements, checkpoints, savepoints, restore,
                jobVersion, transactionalId, combine);
    }

    /** Snapshot storage: checkpoints (null = none) and savepoints (null = none). */
    public JobOptions withSnapshots(SnapshotStore checkpointStore, SnapshotStore savepointStore) {
        return new JobOptions(source, listeners, untilEnd, emission, elementWatermarks, checkpointStore,
                savepointStore, restore, jobVersion, transactionalId, combine);
    }

    public JobOptions withRestore(Restore r) {
        return new JobOptions(source, listeners, untilEnd, emission, elementWatermarks, checkpoints, savepoints, r,
                jobVersion, transactionalId, combine);
    }

    /** Sends every element to its subtask, without pre-aggregation. */
    public JobOptions withoutCombining() {
        return new JobOptions(source, listeners, untilEnd, emission, elementWatermarks, checkpoints, savepoints,
                restore, jobVersion, transactionalId, false);
    }

    /** Identity in the control plane: version recorded in snapshots, prefix of transactional ids. */
    public JobOptions withIdentity(int version, String transactionalIdPrefix) {
        return new JobOptions(source, listeners, untilEnd, emission, elementWatermarks, checkpoints, savepoints,
                restore, version, transactionalIdPrefix, combine);
    }
}
