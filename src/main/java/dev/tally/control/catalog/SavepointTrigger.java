package dev.tally.control.catalog;

/** Why a savepoint (or retained checkpoint) was taken; recorded in its catalog row. */
public enum SavepointTrigger {
    /** A user asked for it ({@code POST /api/jobs/{name}/savepoints}). */
    MANUAL,
    /** The job's periodic-savepoint interval elapsed. */
    PERIODIC,
    /** Taken before the job was stopped, to resume from it later (savepoint + stop). */
    SUSPEND,
    /** Taken before an upgrade to another version. */
    UPGRADE,
    /** Taken before a change of parallelism. */
    RESCALE,
    /** Taken after every window fired (stop with drain), before the job stopped. */
    DRAIN,
    /** A checkpoint the engine took and the catalog retains. */
    CHECKPOINT,
    /** Found in the storage directory without a row (registered by reconciliation at start-up). */
    IMPORTED
}
