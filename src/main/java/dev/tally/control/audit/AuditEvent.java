package dev.tally.control.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One change, asked for or made by the service itself: who, what, on what, with which parameters, and how it ended. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    /** How a change ended. */
    public enum Outcome {
        /** Done (2xx). */
        SUCCEEDED,
        /** Refused, nothing changed (4xx: invalid, not found, conflicting). */
        REFUSED,
        /** Failed on the server's side (5xx). */
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false, length = 100)
    private String principal;

    @Column(nullable = false, length = 100)
    private String action;

    @Column(nullable = false, length = 500)
    private String target;

    @Column(nullable = false, length = 4000)
    private String parameters;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Outcome outcome;

    @Column(nullable = false)
    private int status;

    @Column(length = 2000)
    private String detail;

    protected AuditEvent() {
    }

    AuditEvent(Instant at, String principal, String action, String target, String parameters, Outcome outcome,
            int status, String detail) {
        this.at = at;
        this.principal = clip(principal, 100);
        this.action = clip(action, 100);
        this.target = clip(target, 500);
        this.parameters = clip(parameters, 4000);
        this.outcome = outcome;
        this.status = status;
        this.detail = detail == null ? null : clip(detail, 2000);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public String getPrincipal() {
        return principal;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getParameters() {
        return parameters;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }
}
