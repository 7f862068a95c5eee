package dev.tally.control.query;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest results of a job as JSON rows, kept by {@link ResultHistory} across its runs. */
@Entity
@Table(name = "kept_results")
class KeptResults {

    @Id
    @Column(name = "job_id")
    private Long jobId;

    @Column(name = "rows_json", nullable = false, length = 1_000_000)
    private String rowsJson;

    @Column(name = "saved_at", nullable = false)
    private Instant savedAt;

    protected KeptResults() {
    }

    KeptResults(Long jobId, String rowsJson, Instant savedAt) {
        this.jobId = jobId;
        this.rowsJson = rowsJson;
        this.savedAt = savedAt;
    }

    void replace(String rowsJson, Instant savedAt) {
        this.rowsJson = rowsJson;
        this.savedAt = savedAt;
    }

    String getRowsJson() {
        return rowsJson;
    }
}
