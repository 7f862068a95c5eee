package dev.tally.control.replay;

import dev.tally.control.compare.ComparisonReport;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A replay as the API shows it.
 *
 * @param id          its id
 * @param job         the job
 * @param version     the version replayed
 * @param savepoint   the savepoint it started from, null for empty state
 * @param range       the range as pinned at start: kind, startOffsets/endOffsets per partition, fromTime/toTime, file
 * @param parallelism its subtasks
 * @param baseline    what it is compared with, in words
 * @param state       RUNNING, SUCCEEDED, CANCELLED or FAILED
 * @param phase       while running: {@code replay} or {@code baseline}; null after
 * @param principal   who started it
 * @param recordsRead records the runs read (within an event-time range only those inside it), all phases
 * @param consumed    offsets of the range consumed (file lines for a file), all phases
 * @param total       offsets to consume in all (twice the range when the baseline is a replay); -1 until known
 * @param fraction    consumed / total in [0, 1]; 1 once succeeded; 0 while the total is unknown
 * @param rate        offsets consumed per second since the start (null before any)
 * @param etaSeconds  seconds left at that rate (null while unknown or after the end)
 * @param results     results the replay emitted (after its run), null before
 * @param lateDropped elements it dropped as late, null before
 * @param error       why it failed, or null
 * @param startedAt   when it started
 * @param finishedAt  when it ended, null while running
 * @param report      the comparison report (detail only; live while running): null in lists and before any
 */
record ReplayView(long id, String job, int version, String savepoint, Map<?, ?> range, int parallelism,
        String baseline, String state, String phase, String principal, long recordsRead, long consumed, long total,
        double fraction, Double rate, Double etaSeconds, Long results, Long lateDropped, String error,
        Instant startedAt, Instant finishedAt, ComparisonReport report) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static ReplayView of(Replay r, ReplayRun live, ComparisonReport report, long nowMillis) {
        long read = live != null ? live.recordsRead() : r.getRecordsRead();
        long consumed = live != null ? live.consumed() : r.getConsumed();
        long total = live != null ? live.total() : r.getTotal();
        boolean done = r.getState() == Replay.State.SUCCEEDED;
        double fraction = done ? 1 : total <= 0 ? 0 : Math.min(1, (double) consumed / total);
        Double rate = null;
        Double eta = null;
        if (live != null) {
            double seconds = (nowMillis - live.startedAtMillis) / 1000.0;
            if (seconds > 0 && consumed > 0) {
                rate = consumed / seconds;
                eta = total >= consumed ? (total - consumed) / rate : null;
            }
        } else if (r.getFinishedAt() != null) {
            double seconds = (r.getFinishedAt().toEpochMilli() - r.getStartedAt().toEpochMilli()) / 1000.0;
            rate = seconds > 0 && consumed > 0 ? consumed / seconds : null;
        }
        return new ReplayView(r.getId(), r.getJobName(), r.getVersion(), r.getSavepointId(),
                JSON.readValue(r.getRangeJson(), Map.class), r.getParallelism(), r.getBaseline(), r.getState().name(),
                live != null ? live.phaseName : null, r.getPrincipal(), read, consumed, total, fraction, rate, eta,
                live != null && live.results != null ? live.results : r.getResults(),
                live != null && live.lateDropped != null ? live.lateDropped : r.getLateDropped(), r.getError(),
                r.getStartedAt(), r.getFinishedAt(), report);
    }
}
