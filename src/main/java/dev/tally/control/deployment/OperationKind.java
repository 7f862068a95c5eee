package dev.tally.control.deployment;

/** What an operation on a deployment does. */
public enum OperationKind {
    /** Savepoint, then stop; desired state SUSPENDED. */
    SUSPEND,
    /** Restore the savepoint of the deployment's last suspend (or start empty when asked {@code fresh}). */
    RESUME,
    /** Fire every window (watermark +∞), savepoint, stop; desired state STOPPED. */
    DRAIN,
    /** Stop without a savepoint; desired state CANCELLED. */
    CANCEL,
    /** Savepoint, stop, restore another version, health gate; rollback to the previous version on failure. */
    UPGRADE,
    /** Savepoint, stop, restore at another parallelism; rollback on failure. */
    RESCALE
}
