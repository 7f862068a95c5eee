package dev.tally.engine.snapshot;

/**
 * Start a job from a snapshot.
 *
 * @param store  where the snapshot is
 * @param id     its id
 * @param policy what to do when the job's spec cannot use the snapshot's window state
 */
public record Restore(SnapshotStore store, String id, Policy policy) {

    /** What to do with window state that the new version of a job cannot use. */
    public enum Policy {
        /** Refuse to start (the default): nothing is changed. */
        FAIL,
        /** Keep source positions and the watermark, start with empty windows. */
        RESET_WINDOWS,
        /** Fire the old version's windows (with its own spec) into its own outputs first, then start empty. */
        DRAIN_FIRST
    }
}
