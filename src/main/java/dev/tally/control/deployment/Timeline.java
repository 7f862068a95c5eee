package dev.tally.control.deployment;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A deployment's timeline: every status transition and operation step is an event in the database
 * ({@code deployment_event}), written in the same transaction as the change it records. Thread-safe.
 */
@Service
public class Timeline {

    private final DeploymentRepository deployments;
    private final EventRepository events;
    private final Clock clock = Clock.systemUTC();

    Timeline(DeploymentRepository deployments, EventRepository events) {
        this.deployments = deployments;
        this.events = events;
    }

    /**
     * Moves a deployment's observed status and records the transition.
     *
     * @param type        what happened, e.g. {@code SAVEPOINT_TAKEN}, {@code ROLLED_BACK}
     * @param error       the deployment's last error from now on (null clears it)
     * @param operationId the operation it belongs to, or null
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public void transition(long deploymentId, DeploymentStatus to, String type, String message, String error,
            Long operationId) {
        Deployment d = deployments.findById(deploymentId).orElseThrow();
        DeploymentStatus from = d.getStatus();
        d.operate(to, error, clock.instant());
        events.save(new DeploymentEvent(deploymentId, clock.instant(), type, from, to, message, operationId));
    }

    /** Records an event that changes no status (a step of an operation, a plan, a note). */
    @Transactional(propagation = Propagation.REQUIRED)
    public void note(long deploymentId, String type, String message, Long operationId) {
        DeploymentStatus now = deployments.findById(deploymentId).map(Deployment::getStatus).orElse(null);
        events.save(new DeploymentEvent(deploymentId, clock.instant(), type, now, now, message, operationId));
    }

    /** Records a status change the service observed in the engine (not caused by an operation). */
    @Transactional(propagation = Propagation.REQUIRED)
    public void observed(long deploymentId, DeploymentStatus from, DeploymentStatus to, String message) {
        events.save(new DeploymentEvent(deploymentId, clock.instant(), "OBSERVED", from, to,
                message == null ? "observed " + to : message, null));
    }

    /** The deployment's events, oldest first. */
    @Transactional(readOnly = true)
    public List<DeploymentEvent> of(long deploymentId) {
        return events.findByDeploymentIdOrderByIdAsc(deploymentId);
    }
}
