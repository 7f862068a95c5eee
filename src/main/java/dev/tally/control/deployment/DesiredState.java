package dev.tally.control.deployment;

/** What the user asked a deployment to be. */
public enum DesiredState {
    /** Processing its input. */
    RUNNING,
    /** Not running. */
    STOPPED
}
