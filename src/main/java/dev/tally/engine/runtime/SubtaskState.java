package dev.tally.engine.runtime;

import java.util.Map;

/**
 * What one subtask hands the checkpoint coordinator at a barrier: its key groups, serialized (the copy it goes
 * on from), its exactly-once Kafka outputs not yet committed, and its counts.
 *
 * @param groups        bytes per non-empty key group
 * @param entries       entries per key group
 * @param pendingOutput exactly-once results and late elements since the previous barrier (empty when none)
 * @param watermark     its combined watermark at the barrier
 * @param clock         its processing-time clock at the barrier
 * @param counters      its results emitted and elements dropped as late since this run started
 */
record SubtaskState(Map<Integer, dev.tally.engine.snapshot.BytesOutput> groups, Map<Integer, Long> entries,
        dev.tally.engine.io.kafka.TransactionalResults.Pending pendingOutput, long watermark, long clock, dev.tally.engine.snapshot.Manifest.Counters counters) {
}
