package dev.tally.control.deployment;

/** What a deployment is observed to be. */
public enum DeploymentStatus {
    /** Asked to run; the engine is connecting to the source. */
    STARTING,
    /** Processing records. */
    RUNNING,
    /** An operation is taking its savepoint (suspend, stop with drain). */
    SAVEPOINTING,
    /** An upgrade is in progress: savepoint, stop, restore of the new version, health gate. */
    UPGRADING,
    /** A rescale is in progress: savepoint, stop, restore at the new parallelism. */
    RESCALING,
    /** An operation failed and the previous version and parallelism are being restored from its savepoint. */
    ROLLING_BACK,
    /** Stopped with a savepoint; resumable. */
    SUSPENDED,
    /** Stopped without a savepoint. */
    CANCELLED,
    /** Read its bounded input to the end and emitted everything. */
    FINISHED,
    /** Not running. */
    STOPPED,
    /** Stopped by an error; see the last error. */
    FAILED
}
