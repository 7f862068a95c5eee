package dev.tally.control.deployment;

import dev.tally.control.job.Job;
import dev.tally.control.web.ConflictException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * The deployment of a job: the desired state the user asked for, and the status observed in the engine.
 * Transitions are methods that refuse illegal moves.
 */
@Entity
@Table(name = "deployment")
public class Deployment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @OneToOne(optional = false)
    @JoinColumn(name = "job_id")
    private Job job;

    @Column(nullable = false)
    private int version;

    @Enumerated(EnumType.STRING)
    @Column(name = "desired_state", nullable = false)
    private DesiredState desiredState;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeploymentStatus status;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Parallelism asked for by a rescale; null = the version's spec. */
    @Column(name = "parallelism")
    private Integer parallelism;

    /** The savepoint the current run was started from by an operation (its rollback point), or null. */
    @Column(name = "restored_from")
    private String restoredFrom;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private DeploymentTarget target = DeploymentTarget.EMBEDDED;

    /** The Flink job id of the current (or last) run of a deployment with target FLINK, else null. */
    @Column(name = "flink_job_id", length = 32)
    private String flinkJobId;

    @Version
    @Column(name = "lock_version", nullable = false)
    private long lockVersion;

    protected Deployment() {
    }

    Deployment(Job job, int version, Instant now) {
        this.job = job;
        this.version = version;
        this.desiredState = DesiredState.STOPPED;
        this.status = DeploymentStatus.STOPPED;
        this.updatedAt = now;
    }

    /** Asks for the job to run at {@code version}; refused when it already should run. */
    void requestRunning(int version, Instant now) {
        if (desiredState == DesiredState.RUNNING) {
            throw new ConflictException("job '" + job.getName() + "' is already deployed (version " + this.version
                    + "); stop it first");
        }
        this.version = version;
        this.parallelism = null;
        this.restoredFrom = null;
        this.target = DeploymentTarget.EMBEDDED;
        this.flinkJobId = null;
        this.desiredState = DesiredState.RUNNING;
        this.status = DeploymentStatus.STARTING;
        this.lastError = null;
        this.startedAt = now;
        this.updatedAt = now;
    }

    /** Records that the service resumed the deployment after a restart of the service (its run starts now). */
    void resumed(Instant now) {
        this.startedAt = now;
        this.status = DeploymentStatus.STARTING;
        this.updatedAt = now;
    }

    /** Asks for the job to stop; refused when it is not deployed. */
    void requestStop(Instant now) {
        if (desiredState == DesiredState.STOPPED) {
            throw new ConflictException("job '" + job.getName() + "' is not running");
        }
        this.desiredState = DesiredState.STOPPED;
        this.status = DeploymentStatus.STOPPED;
        this.updatedAt = now;
    }

    /** Records what the engine reports. */
    void observe(DeploymentStatus status, String error, Instant now) {
        if (this.status != status || !java.util.Objects.equals(lastError, error)) {
            this.status = status;
            this.lastError = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
            this.updatedAt = now;
        }
    }

    /** An operation moves the observed status (UPGRADING, RESCALING, ROLLING_BACK, SAVEPOINTING...). */
    void operate(DeploymentStatus status, String error, Instant now) {
        this.status = status;
        this.lastError = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
        this.updatedAt = now;
    }

    /**
     * The outcome of an operation: what should now be and what is.
     *
     * @param parallelism  parallelism asked for, null = the version's spec
     * @param restoredFrom the savepoint the run now running was restored from, or null
     * @param error        why the operation failed or was rolled back, or null
     */
    void settle(DesiredState desired, DeploymentStatus status, int version, Integer parallelism,
            String restoredFrom, String error, Instant now) {
        this.desiredState = desired;
        this.version = version;
        this.parallelism = parallelism;
        this.restoredFrom = restoredFrom;
        if (desired == DesiredState.RUNNING && this.startedAt == null) {
            this.startedAt = now;
        }
        operate(status, error, now);
    }

    /** Where it runs: a new run on Flink (its Flink job id); {@link #requestRunning} sets EMBEDDED. */
    void runOn(DeploymentTarget target, String flinkJobId) {
        this.target = target;
        this.flinkJobId = flinkJobId;
    }

    public DeploymentTarget getTarget() {
        return target;
    }

    public String getFlinkJobId() {
        return flinkJobId;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public String getRestoredFrom() {
        return restoredFrom;
    }

    public Long getId() {
        return id;
    }

    public Job getJob() {
        return job;
    }

    public int getVersion() {
        return version;
    }

    public DesiredState getDesiredState() {
        return desiredState;
    }

    public DeploymentStatus getStatus() {
        return status;
    }

    public String getLastError() {
        return lastError;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
