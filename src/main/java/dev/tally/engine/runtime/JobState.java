package dev.tally.engine.runtime;

/** Observed state of a job in the engine. */
public enum JobState {
    /** Connecting to its source and loading what it needs. */
    STARTING,
    /** Processing records. */
    RUNNING,
    /** Read a bounded input to its end and emitted everything. */
    FINISHED,
    /** Stopped by an error; see the job's error. */
    FAILED,
    /** Stopped on request. */
    STOPPED
}
