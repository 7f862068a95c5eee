package dev.tally.control.deployment;

/** Where an operation is. */
public enum OperationState {
    /** In progress; the reconciler completes or rolls back one left so by a crash of the service. */
    RUNNING,
    /** Done as asked. */
    SUCCEEDED,
    /** Failed before anything changed (for example its savepoint failed): the deployment is as it was. */
    FAILED,
    /** Failed after the old run was stopped; the previous version and parallelism run again from its savepoint. */
    ROLLED_BACK
}
