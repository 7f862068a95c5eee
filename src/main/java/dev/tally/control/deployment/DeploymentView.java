package dev.tally.control.deployment;

import java.time.Instant;

/**
 * A deployment as the API shows it.
 *
 * @param id           deployment id
 * @param version      job version it runs (or last ran)
 * @param desiredState what the user asked for
 * @param status       what the engine reports
 * @param lastError    why it failed, or a note while starting
 * @param startedAt    when it was last deployed, or resumed after a restart of the service
 * @param updatedAt    when any of this last changed
 * @param target       where it runs: embedded or flink
 * @param flinkJobId   the Flink job id of its run on Flink, else null
 */
public record DeploymentView(long id, int version, DesiredState desiredState, DeploymentStatus status,
        String lastError, Instant startedAt, Instant updatedAt, String target, String flinkJobId) {

    public static DeploymentView of(Deployment d) {
        return new DeploymentView(d.getId(), d.getVersion(), d.getDesiredState(), d.getStatus(), d.getLastError(),
                d.getStartedAt(), d.getUpdatedAt(), d.getTarget().name().toLowerCase(java.util.Locale.ROOT),
                d.getFlinkJobId());
    }
}
