package dev.tally.control.replay;

import java.util.Map;

/**
 * {@code POST /api/jobs/{name}/replays}: which version to replay, from which savepoint, over which range.
 *
 * @param version     the job version to run; null = the latest
 * @param savepoint   a savepoint id of the job's catalog to start from; null or empty = empty state
 * @param range       the bounded range to read (required)
 * @param parallelism subtasks; null = the version's parallelism (results do not depend on it)
 */
public record ReplayRequest(Integer version, String savepoint, Range range, Integer parallelism) {

    /**
     * A range as the API takes it.
     *
     * @param kind         {@code offsets}, {@code event-time} or {@code file}
     * @param startOffsets partition (as a string, JSON object keys) → first offset; missing partitions start at the
     *                     earliest offset (or the savepoint's; then this must be empty)
     * @param endOffsets   partition → offset after the last; missing partitions end at the end offset now
     * @param fromTime     event-time range start, epoch ms, inclusive ({@code event-time})
     * @param toTime       event-time range end, epoch ms, exclusive ({@code event-time})
     * @param file         a file of JSON lines in the work directory ({@code file})
     */
    public record Range(String kind, Map<String, Long> startOffsets, Map<String, Long> endOffsets, Long fromTime,
            Long toTime, String file) {
    }
}
