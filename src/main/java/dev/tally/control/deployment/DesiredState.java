package dev.tally.control.deployment;

/** What the user asked a deployment to be. */
public enum DesiredState {
    /** Processing its input. */
    RUNNING,
    /** Stopped with a savepoint (suspend); resume restores that savepoint. */
    SUSPENDED,
    /** Stopped without a savepoint (cancel); the next deploy starts fresh or from a savepoint the user names. */
    CANCELLED,
    /** Not running: stopped by {@code POST /stop} (its checkpoints cleared) or by a stop with drain. */
    STOPPED
}
