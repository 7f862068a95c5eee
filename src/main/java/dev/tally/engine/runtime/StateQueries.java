package dev.tally.engine.runtime;

import dev.tally.engine.query.QueryCollector;
import dev.tally.engine.query.StateAnswer;
import dev.tally.engine.query.StateQuery;
import java.util.concurrent.CompletableFuture;

/**
 * Routes live state queries to the subtasks that own the state and merges their answers: a key's query goes to
 * the subtask owning the key's group (as readers route records, through {@link KeyGroups}); TOP and PREFIX
 * queries go to every subtask, each keeping at most the query's limit, and the last to answer merges. Thread-safe.
 */
final class StateQueries {

    private final SubtaskTask[] subtasks;
    private final int maxParallelism;

    StateQueries(SubtaskTask[] subtasks, int maxParallelism) {
        this.subtasks = subtasks;
        this.maxParallelism = maxParallelism;
    }

    /** The last checkpoint completed when a query was asked: its number (0 for none) and snapshot id. */
    record Stamp(long checkpointId, String snapshotId) {
        static final Stamp NONE = new Stamp(0, null);
    }

    /** Asks the owning subtasks; the future completes on the thread of the last subtask to answer. */
    CompletableFuture<StateAnswer> ask(StateQuery query, Stamp stamp) {
        String key = query.routingKey();
        if (key != null) {
            int owner = KeyGroups.subtask(KeyGroups.keyGroup(key, maxParallelism), maxParallelism, subtasks.length);
            Pending p = new Pending(query, 1, stamp);
            subtasks[owner].ask(p);
            return p.future;
        }
        Pending p = new Pending(query, subtasks.length, stamp);
        for (SubtaskTask s : subtasks) {
            s.ask(p);
        }
        return p.future;
    }

    /** A query in flight: what the subtasks that answered so far found. Thread-safe. */
    static final class Pending {

        final StateQuery query;
        final CompletableFuture<StateAnswer> future = new CompletableFuture<>();
        private final Stamp stamp;
        private final int asked;
        private final QueryCollector merged;
        private int remaining;
        private long watermark = Long.MAX_VALUE;

        Pending(StateQuery query, int asked, Stamp stamp) {
            this.query = query;
            this.asked = asked;
            this.remaining = asked;
            this.stamp = stamp;
            this.merged = new QueryCollector(query);
        }

        /** A subtask's part, read at its watermark {@code subtaskWatermark}. */
        void answered(QueryCollector part, long subtaskWatermark) {
            StateAnswer answer = null;
            synchronized (this) {
                if (future.isDone()) {
                    return;
                }
                merged.merge(part);
                watermark = Math.min(watermark, subtaskWatermark);
                if (--remaining == 0) {
                    answer = merged.answer(watermark, stamp.checkpointId(), stamp.snapshotId(), asked);
                }
            }
            if (answer != null) {
                future.complete(answer);
            }
        }

        void fail(Throwable e) {
            future.completeExceptionally(e);
        }
    }
}
