package dev.tally.control.query;

import dev.tally.engine.query.StateAnswer;
import dev.tally.engine.spec.JobSpec;
import java.util.List;

/**
 * The answer to a state query, live or from a savepoint, as the API returns it.
 *
 * @param source       {@code live} (the running job, read without stopping it) or {@code savepoint}
 * @param savepoint    the savepoint read (source savepoint), else null
 * @param watermark    event-time watermark (epoch ms) the entries reflect: live, the lowest of the answering
 *                     subtasks' when they answered; a savepoint's own. Null before the first watermark
 * @param checkpointId number of the last checkpoint completed before a live query (every entry holds all input
 *                     before its barrier), or the savepoint's own; 0 when none completed yet
 * @param snapshotId   id of that checkpoint or savepoint, null when none
 * @param subtasks     subtasks that answered (1 for a key, the parallelism for top and scan; 0 for a savepoint)
 * @param aggregates   the names of the values, in order (the first one ranks top-N)
 * @param truncated    more entries matched than were returned (raise n or limit, or narrow the prefix)
 * @param entries      the entries, in the order of the query's kind
 */
public record StateAnswerView(String source, String savepoint, Long watermark, long checkpointId,
        String snapshotId, int subtasks, List<String> aggregates, boolean truncated, List<StateEntryView> entries) {

    /** A live answer of a job running {@code spec}. */
    public static StateAnswerView live(JobSpec spec, StateAnswer a) {
        return of("live", null, spec, a);
    }

    /** An answer read from savepoint {@code id}, taken by a job running {@code spec}. */
    public static StateAnswerView savepoint(String id, JobSpec spec, StateAnswer a) {
        return of("savepoint", id, spec, a);
    }

    private static StateAnswerView of(String source, String id, JobSpec spec, StateAnswer a) {
        return new StateAnswerView(source, id, a.watermark() == Long.MIN_VALUE ? null : a.watermark(),
                a.checkpointId(), a.snapshotId(), a.subtasks(), spec.aggregateNames(), a.truncated(),
                a.entries().stream().map(e -> StateEntryView.of(spec, e)).toList());
    }
}
