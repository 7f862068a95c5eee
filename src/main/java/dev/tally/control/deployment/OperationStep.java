package dev.tally.control.deployment;

/** The last step an operation completed, in order; each is recorded before the next begins. */
public enum OperationStep {
    /** Checked and recorded; nothing changed yet. */
    PLANNED,
    /** The savepoint is stored (and, with stop, the old run has stopped at it). */
    SAVEPOINT_TAKEN,
    /** The old run is stopped (and its checkpoints older than the savepoint cleared). */
    STOPPED,
    /** The new run is started from the savepoint (the deployment now names the new version). */
    STARTED,
    /** The health gate passed. */
    GATE_PASSED,
    /** A rollback started: the new run is stopped, the old one restored from the savepoint. */
    ROLLING_BACK,
    /** Finished (see the operation's state). */
    DONE
}
