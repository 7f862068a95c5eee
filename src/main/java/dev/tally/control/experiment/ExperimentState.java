package dev.tally.control.experiment;

/** Where an experiment is in its life. */
public enum ExperimentState {
    /** Version b runs next to deployment A; the comparison report is refreshed. */
    RUNNING,
    /** b was promoted: its run stopped and deployment A was upgraded to b (see the experiment's operation). */
    PROMOTED,
    /** b was stopped and its outputs removed; A untouched. */
    ABORTED,
    /** b's run failed, or the service stopped under it; its outputs stay until it is aborted. */
    FAILED
}
