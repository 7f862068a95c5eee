package dev.tally.control.deployment;

/** What a deployment is observed to be. */
public enum DeploymentStatus {
    /** Asked to run; the engine is connecting to the source. */
    STARTING,
    /** Processing records. */
    RUNNING,
    /** Read its bounded input to the end and emitted everything. */
    FINISHED,
    /** Not running. */
    STOPPED,
    /** Stopped by an error; see the last error. */
    FAILED
}
