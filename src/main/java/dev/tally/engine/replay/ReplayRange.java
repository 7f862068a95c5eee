package dev.tally.engine.replay;

import java.util.Map;

/**
 * The bounded stretch of history a replay reads.
 *
 * <ul>
 * <li>{@link Kind#OFFSETS}: per Kafka partition {@code [start, end)} in offsets. A partition missing from
 * {@code startOffsets} starts at the earliest offset still in the topic (or where a restored savepoint left it);
 * one missing from {@code endOffsets} ends at the end offset found when the replay opens the topic.</li>
 * <li>{@link Kind#EVENT_TIME}: the records of the job's Kafka topic whose event time lies in
 * {@code [fromTime, toTime)} (epoch ms), among the offsets as for {@link Kind#OFFSETS} (by default everything in
 * the topic when the replay starts); the other records are skipped before the job sees them.</li>
 * <li>{@link Kind#FILE}: a file of JSON lines (a path as a job spec's file source takes it), read to its end.</li>
 * </ul>
 *
 * @param kind         which of the three
 * @param startOffsets partition id → first offset ({@code OFFSETS}, {@code EVENT_TIME}); never null
 * @param endOffsets   partition id → offset after the last one; never null
 * @param fromTime     event-time start, inclusive ({@code EVENT_TIME}), else {@link Long#MIN_VALUE}
 * @param toTime       event-time end, exclusive ({@code EVENT_TIME}), else {@link Long#MAX_VALUE}
 * @param file         the file ({@code FILE}), else null
 */
public record ReplayRange(Kind kind, Map<Integer, Long> startOffsets, Map<Integer, Long> endOffsets, long fromTime,
        long toTime, String file) {

    /** Kinds of ranges. */
    public enum Kind {
        /** Kafka offsets per partition. */
        OFFSETS,
        /** An event-time range of the job's Kafka topic. */
        EVENT_TIME,
        /** A file of JSON lines. */
        FILE
    }

    public ReplayRange {
        startOffsets = Map.copyOf(startOffsets);
        endOffsets = Map.copyOf(endOffsets);
    }

    /** Kafka offsets {@code [start, end)} per partition (either map may leave partitions out, see above). */
    public static ReplayRange offsets(Map<Integer, Long> start, Map<Integer, Long> end) {
        return new ReplayRange(Kind.OFFSETS, start, end, Long.MIN_VALUE, Long.MAX_VALUE, null);
    }

    /** Records with event time in {@code [from, to)} among the offsets given (empty maps: the whole topic). */
    public static ReplayRange eventTime(long from, long to, Map<Integer, Long> start, Map<Integer, Long> end) {
        if (from >= to) {
            throw new IllegalArgumentException("fromTime " + from + " must be before toTime " + to);
        }
        return new ReplayRange(Kind.EVENT_TIME, start, end, from, to, null);
    }

    /** A file of JSON lines. */
    public static ReplayRange file(String path) {
        return new ReplayRange(Kind.FILE, Map.of(), Map.of(), Long.MIN_VALUE, Long.MAX_VALUE, path);
    }
}
