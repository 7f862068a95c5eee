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
 * One operation on a deployment as recorded steps: what was asked (kind, versions, parallelisms, policy, gate),
 * the last step done, the savepoint it took or was given, and how it ended. Each step is written before the next
 * begins, so that after a crash of the service the reconciler knows whether the old run was stopped, whether
 * the new one was started, and from which savepoint either must be restored.
 */
@Entity
@Table(name = "deployment_operation")
public class DeploymentOperation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "deployment_id", nullable = false)
    private long deploymentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private OperationKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private OperationState state;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private OperationStep step;

    @Column(nullable = false, length = 4000)
    private String steps;

    @Column(nullable = false, length = 100)
    private String principal;

    @Column(name = "savepoint_id", length = 128)
    private String savepointId;

    @Column(name = "chosen_savepoint", nullable = false)
    private boolean chosenSavepoint;

    @Column(length = 16)
    private String policy;

    @Column(name = "from_version", nullable = false)
    private int fromVersion;

    @Column(name = "to_version", nullable = false)
    private int toVersion;

    @Column(name = "from_parallelism", nullable = false)
    private int fromParallelism;

    @Column(name = "to_parallelism", nullable = false)
    private int toParallelism;

    @Column(length = 500)
    private String gate;

    @Column(name = "plan_json", length = 100000)
    private String planJson;

    @Column(name = "downtime_ms")
    private Long downtimeMs;

    @Column(length = 2000)
    private String error;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected DeploymentOperation() {
    }

    DeploymentOperation(long deploymentId, OperationKind kind, String principal, int fromVersion, int toVersion,
            int fromParallelism, int toParallelism, String policy, String savepointId, String gate, String planJson,
            Instant now) {
        this.deploymentId = deploymentId;
        this.kind = kind;
        this.principal = principal;
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
        this.fromParallelism = fromParallelism;
        this.toParallelism = toParallelism;
        this.policy = policy;
        this.savepointId = savepointId;
        this.chosenSavepoint = savepointId != null;
        this.gate = gate;
        this.planJson = planJson;
        this.state = OperationState.RUNNING;
        this.step = OperationStep.PLANNED;
        this.steps = OperationStep.PLANNED + " " + now;
        this.startedAt = now;
    }

    /** Records a completed step, with a note (for example the savepoint's id). */
    void step(OperationStep done, String note, Instant now) {
        this.step = done;
        String line = "; " + done + " " + now + (note == null ? "" : " (" + note + ")");
        this.steps = (steps + line).length() > 4000 ? steps : steps + line;
    }

    void savepoint(String id) {
        this.savepointId = id;
    }

    void plan(String json) {
        this.planJson = json;
    }

    /** Records why the operation is failing (before a rollback ends it). */
    void fail(String why) {
        this.error = why == null ? null : why.substring(0, Math.min(why.length(), 2000));
    }

    void downtime(long ms) {
        this.downtimeMs = ms;
    }

    /** Ends the operation; {@code error} is why it failed or was rolled back, null when it succeeded. */
    void finish(OperationState end, String error, Instant now) {
        this.state = end;
        this.error = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
        this.finishedAt = now;
        step(OperationStep.DONE, end.name(), now);
    }

    public Long getId() {
        return id;
    }

    public long getDeploymentId() {
        return deploymentId;
    }

    public OperationKind getKind() {
        return kind;
    }

    public OperationState getState() {
        return state;
    }

    public OperationStep getStep() {
        return step;
    }

    public String getSteps() {
        return steps;
    }

    public String getPrincipal() {
        return principal;
    }

    public String getSavepointId() {
        return savepointId;
    }

    /** Whether the savepoint was chosen by the user (not taken by this operation). */
    public boolean isChosenSavepoint() {
        return chosenSavepoint;
    }

    public String getPolicy() {
        return policy;
    }

    public int getFromVersion() {
        return fromVersion;
    }

    public int getToVersion() {
        return toVersion;
    }

    public int getFromParallelism() {
        return fromParallelism;
    }

    public int getToParallelism() {
        return toParallelism;
    }

    public String getGate() {
        return gate;
    }

    public String getPlanJson() {
        return planJson;
    }

    public Long getDowntimeMs() {
        return downtimeMs;
    }

    public String getError() {
        return error;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
