package dev.tally.control.deployment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of a deployment's timeline: a status transition or an operation's step, with when, why and the
 * operation it belongs to (null for the service's own observations). Immutable once written.
 */
@Entity
@Table(name = "deployment_event")
public class DeploymentEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "deployment_id", nullable = false)
    private long deploymentId;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false, length = 32)
    private String type;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", length = 16)
    private DeploymentStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", length = 16)
    private DeploymentStatus toStatus;

    @Column(nullable = false, length = 2000)
    private String message;

    @Column(name = "operation_id")
    private Long operationId;

    protected DeploymentEvent() {
    }

    DeploymentEvent(long deploymentId, Instant at, String type, DeploymentStatus from, DeploymentStatus to,
            String message, Long operationId) {
        this.deploymentId = deploymentId;
        this.at = at;
        this.type = type;
        this.fromStatus = from;
        this.toStatus = to;
        this.message = message.length() > 2000 ? message.substring(0, 2000) : message;
        this.operationId = operationId;
    }

    public Long getId() {
        return id;
    }

    public long getDeploymentId() {
        return deploymentId;
    }

    public Instant getAt() {
        return at;
    }

    public String getType() {
        return type;
    }

    public DeploymentStatus getFromStatus() {
        return fromStatus;
    }

    public DeploymentStatus getToStatus() {
        return toStatus;
    }

    public String getMessage() {
        return message;
    }

    public Long getOperationId() {
        return operationId;
    }
}
