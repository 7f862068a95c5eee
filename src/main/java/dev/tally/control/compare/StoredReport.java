package dev.tally.control.compare;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A comparison report as JSON, by owner ({@code kind:id}). */
@Entity
@Table(name = "comparison_report")
class StoredReport {

    @Id
    @Column(name = "owner", length = 64)
    private String owner;

    @Column(name = "report_json", nullable = false, length = 1_000_000)
    private String reportJson;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StoredReport() {
    }

    StoredReport(String owner, String reportJson, Instant updatedAt) {
        this.owner = owner;
        this.reportJson = reportJson;
        this.updatedAt = updatedAt;
    }

    void replace(String reportJson, Instant updatedAt) {
        this.reportJson = reportJson;
        this.updatedAt = updatedAt;
    }

    String getReportJson() {
        return reportJson;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
