package dev.tally.control.experiment;

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
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An A/B experiment: version b of a job, run from a savepoint of the job's deployment A (version a) into outputs of
 * its own, and compared with A over the windows both have closed. Transitions are methods that refuse illegal
 * moves: only a RUNNING experiment can be promoted, aborted or fail.
 */
@Entity
@Table(name = "experiment")
public class Experiment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "job_id")
    private Job job;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ExperimentState state;

    @Column(name = "base_version", nullable = false)
    private int baseVersion;

    @Column(nullable = false)
    private int version;

    @Column(name = "savepoint_id", nullable = false)
    private String savepointId;

    @Column(name = "savepoint_taken", nullable = false)
    private boolean savepointTaken;

    @Column(name = "restored_from", nullable = false)
    private String restoredFrom;

    @Column(name = "compare_from", nullable = false)
    private long compareFrom;

    @Column(name = "result_topics", nullable = false)
    private String resultTopics;

    @Column(name = "output_topics", nullable = false)
    private String outputTopics;

    @Column(name = "transactional_id", nullable = false)
    private String transactionalId;

    @Column(nullable = false)
    private String principal;

    @Column(name = "operation_id")
    private Long operationId;

    private String outcome;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Version
    @Column(name = "lock_version", nullable = false)
    private long lockVersion;

    protected Experiment() {
    }

    /**
     * A running experiment.
     *
     * @param savepointId    A's savepoint b starts from
     * @param savepointTaken whether it was taken for this experiment (else chosen from the catalog)
     * @param restoredFrom   the copy of that savepoint, without A's pending Kafka outputs, that b restores
     * @param compareFrom    windows whose last millisecond is at or before this watermark are not compared (A
     *                       emitted them before b could), epoch ms
     */
    Experiment(Job job, int baseVersion, int version, String savepointId, boolean savepointTaken, String restoredFrom,
            long compareFrom, String principal, Instant now) {
        this.job = job;
        this.state = ExperimentState.RUNNING;
        this.baseVersion = baseVersion;
        this.version = version;
        this.savepointId = savepointId;
        this.savepointTaken = savepointTaken;
        this.restoredFrom = restoredFrom;
        this.compareFrom = compareFrom;
        this.resultTopics = "";
        this.outputTopics = "";
        this.transactionalId = "";
        this.principal = principal;
        this.startedAt = now;
    }

    /**
     * b's isolated Kafka outputs.
     *
     * @param results         b's result topics (one per result topic of A)
     * @param all             every Kafka topic b writes (results, late elements, dead letters)
     * @param transactionalId prefix of b's transactional ids
     */
    record Outputs(List<String> results, List<String> all, String transactionalId) {
    }

    /** Names b's outputs (they are derived from the id, so known once the row is saved). */
    void isolate(Outputs outputs) {
        this.resultTopics = String.join(",", outputs.results());
        this.outputTopics = String.join(",", outputs.all());
        this.transactionalId = outputs.transactionalId();
    }

    private void requireRunning(String what) {
        if (state != ExperimentState.RUNNING) {
            throw new ConflictException("experiment " + id + " of job '" + job.getName() + "' is " + state
                    + "; only a running experiment can be " + what);
        }
    }

    /** Promoted: deployment A is being upgraded to b by operation {@code operationId}. */
    void promoted(long operationId, String outcome, Instant now) {
        requireRunning("promoted");
        this.state = ExperimentState.PROMOTED;
        this.operationId = operationId;
        this.outcome = outcome;
        this.endedAt = now;
    }

    /** Aborted: b stopped, its outputs removed. */
    void aborted(String outcome, Instant now) {
        requireRunning("aborted");
        this.state = ExperimentState.ABORTED;
        this.outcome = outcome;
        this.endedAt = now;
    }

    /** b's run failed, or the service stopped under it. */
    void failed(String why, Instant now) {
        requireRunning("failed");
        this.state = ExperimentState.FAILED;
        this.outcome = why;
        this.endedAt = now;
    }

    /** Aborting a failed experiment removes its outputs too. */
    void abortFailed(String outcome, Instant now) {
        if (state != ExperimentState.FAILED) {
            aborted(outcome, now);
            return;
        }
        this.state = ExperimentState.ABORTED;
        this.outcome = this.outcome + "; " + outcome;
        this.endedAt = now;
    }

    public Long getId() {
        return id;
    }

    public Job getJob() {
        return job;
    }

    public ExperimentState getState() {
        return state;
    }

    public int getBaseVersion() {
        return baseVersion;
    }

    public int getVersion() {
        return version;
    }

    public String getSavepointId() {
        return savepointId;
    }

    public boolean isSavepointTaken() {
        return savepointTaken;
    }

    public String getRestoredFrom() {
        return restoredFrom;
    }

    public long getCompareFrom() {
        return compareFrom;
    }

    public List<String> getResultTopics() {
        return split(resultTopics);
    }

    public List<String> getOutputTopics() {
        return split(outputTopics);
    }

    public String getTransactionalId() {
        return transactionalId;
    }

    public String getPrincipal() {
        return principal;
    }

    public Long getOperationId() {
        return operationId;
    }

    public String getOutcome() {
        return outcome;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
