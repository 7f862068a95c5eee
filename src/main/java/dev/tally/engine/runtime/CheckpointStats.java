package dev.tally.engine.runtime;

/**
 * Checkpoint figures of a running job.
 *
 * @param completed        checkpoints and savepoints completed by this run
 * @param failed           those that failed
 * @param lastId           id of the last completed one, or null
 * @param lastDurationMs   from the barrier request to stored and committed
 * @param lastBytes        size of its data files
 * @param lastEntries      (key, window) entries in it
 * @param restoredFrom     id of the snapshot this run was restored from, or null
 * @param mode             EXACTLY_ONCE or AT_LEAST_ONCE (shown wherever checkpoints show)
 */
public record CheckpointStats(long completed, long failed, String lastId, long lastDurationMs, long lastBytes,
        long lastEntries, String restoredFrom, String mode) {
}
