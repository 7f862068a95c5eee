package dev.tally.control.replay;

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
 * One what-if replay (table {@code replay}): which version of which job over which range, from which savepoint,
 * compared with which baseline, and how far it got. Progress fields are written while it runs (every second) and
 * at its end. Mutable JPA entity; one thread at a time.
 */
@Entity
@Table(name = "replay")
public class Replay {

    /** Where a replay is. */
    public enum State {
        /** Reading its range (or the baseline's). */
        RUNNING,
        /** Read everything; the report is stored. */
        SUCCEEDED,
        /** Stopped by a user before the end. */
        CANCELLED,
        /** Its run failed, or the service stopped while it ran (the error says which). */
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "job_name", nullable = false, length = 100)
    private String jobName;
    @Column(nullable = false)
    private int version;
    @Column(name = "savepoint_id", length = 128)
    private String savepointId;
    @Column(name = "range_kind", nullable = false, length = 16)
    private String rangeKind;
    @Column(name = "range_json", nullable = false, length = 4000)
    private String rangeJson;
    @Column(nullable = false)
    private int parallelism;
    @Column(nullable = false, length = 500)
    private String baseline;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;
    @Column(nullable = false, length = 100)
    private String principal;
    @Column(name = "records_read", nullable = false)
    private long recordsRead;
    @Column(nullable = false)
    private long consumed;
    @Column(nullable = false)
    private long total;
    private Long results;
    @Column(name = "late_dropped")
    private Long lateDropped;
    @Column(length = 2000)
    private String error;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;

    protected Replay() {
    }

    Replay(String jobName, int version, String savepointId, String rangeKind, String rangeJson, int parallelism,
            String baseline, String principal, Instant startedAt) {
        this.jobName = jobName;
        this.version = version;
        this.savepointId = savepointId;
        this.rangeKind = rangeKind;
        this.rangeJson = rangeJson;
        this.parallelism = parallelism;
        this.baseline = baseline;
        this.principal = principal;
        this.startedAt = startedAt;
        this.state = State.RUNNING;
        this.total = -1;
    }

    /** Records the progress figures. */
    void progress(long recordsRead, long consumed, long total) {
        this.recordsRead = recordsRead;
        this.consumed = consumed;
        this.total = total;
    }

    /** Records the end: state, result figures (null when none), error (null when none). */
    void finish(State state, Long results, Long lateDropped, String error, Instant at) {
        this.state = state;
        this.results = results;
        this.lateDropped = lateDropped;
        this.error = error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
        this.finishedAt = at;
    }

    public Long getId() {
        return id;
    }

    public String getJobName() {
        return jobName;
    }

    public int getVersion() {
        return version;
    }

    public String getSavepointId() {
        return savepointId;
    }

    public String getRangeKind() {
        return rangeKind;
    }

    public String getRangeJson() {
        return rangeJson;
    }

    public int getParallelism() {
        return parallelism;
    }

    public String getBaseline() {
        return baseline;
    }

    public State getState() {
        return state;
    }

    public String getPrincipal() {
        return principal;
    }

    public long getRecordsRead() {
        return recordsRead;
    }

    public long getConsumed() {
        return consumed;
    }

    public long getTotal() {
        return total;
    }

    public Long getResults() {
        return results;
    }

    public Long getLateDropped() {
        return lateDropped;
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
