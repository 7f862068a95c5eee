package dev.tally.engine.query;

import dev.tally.engine.window.StateEntries;
import java.util.List;

/**
 * The answer to a {@link StateQuery}, with the progress it reflects. Live answers are read by each owning subtask
 * between two batches, so every entry is a whole (never half-applied) state, and holds at least every record read
 * before the barrier of checkpoint {@code checkpointId}. Immutable and thread-safe.
 *
 * @param entries      the entries, in the order the query's kind says
 * @param truncated    more entries matched than the query's limit (PREFIX; TOP whenever more than n exist)
 * @param watermark    event-time watermark (ms) the entries reflect: the lowest of the answering subtasks'
 *                     watermarks when they answered (a snapshot's: its watermark); {@link Long#MIN_VALUE} before
 *                     the first watermark
 * @param checkpointId id of the last checkpoint completed before the query (live: every answering subtask had
 *                     passed its barrier; a snapshot: its own id), 0 when none completed yet
 * @param snapshotId   the snapshot id of that checkpoint (live) or of the snapshot read, null when none
 * @param subtasks     how many subtasks answered (1 for a key query, the parallelism for TOP and PREFIX; 0 for a
 *                     snapshot)
 */
public record StateAnswer(List<StateEntries.Entry> entries, boolean truncated, long watermark, long checkpointId,
        String snapshotId, int subtasks) {

    public StateAnswer {
        entries = List.copyOf(entries);
    }
}
