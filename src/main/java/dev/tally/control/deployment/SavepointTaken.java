package dev.tally.control.deployment;

/**
 * Published (as a Spring application event) when an operation has taken a savepoint, so that the savepoint
 * catalog records it with its lineage without the deployment feature depending on the catalog.
 *
 * @param job          the job's name
 * @param snapshotId   the savepoint's id in the job's savepoint store
 * @param operation    the kind of operation that took it (SUSPEND, DRAIN, UPGRADE, RESCALE)
 * @param deploymentId the deployment it belongs to
 */
public record SavepointTaken(String job, String snapshotId, OperationKind operation, long deploymentId) {
}
