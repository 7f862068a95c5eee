package dev.tally.engine.runtime;

import java.util.Map;

/**
 * What one subtask hands the checkpoint coordinator at a barrier: its key groups, serialized (the copy it goes
 * on from), and its results not yet committed to Kafka.
 *
 * @param groups        bytes per non-empty key group
 * @param entries       entries per key group
 * @param pendingOutput exactly-once results since the previous barrier (empty when none)
 * @param watermark     its combined watermark at the barrier
 * @param clock         its processing-time clock at the barrier
 */
record SubtaskState(Map<Integer, dev.tally.engine.snapshot.BytesOutput> groups, Map<Integer, Long> entries,
        dev.tally.engine.io.kafka.TransactionalResults.Pending pendingOutput, long watermark, long clock) {
}
