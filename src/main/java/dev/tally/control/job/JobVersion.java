package dev.tally.control.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One immutable version of a job: the full spec (canonical JSON), its SHA-256, its author and note. */
@Entity
@Table(name = "job_version")
public class JobVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "job_id")
    private Job job;

    @Column(nullable = false)
    private int version;

    @Column(name = "spec_json", nullable = false, length = 1_000_000)
    private String specJson;

    @Column(name = "spec_hash", nullable = false)
    private String specHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false, length = 100)
    private String author;

    @Column(length = 2000)
    private String note;

    protected JobVersion() {
    }

    JobVersion(Job job, int version, String specJson, String specHash, Instant createdAt, String author,
            String note) {
        this.job = job;
        this.version = version;
        this.specJson = specJson;
        this.specHash = specHash;
        this.createdAt = createdAt;
        this.author = author;
        this.note = note;
    }

    /** Who submitted this version (the principal, or "job-directory" for an imported file). */
    public String getAuthor() {
        return author;
    }

    /** Why, in the author's words; null if none was given. */
    public String getNote() {
        return note;
    }

    public Job getJob() {
        return job;
    }

    public int getVersion() {
        return version;
    }

    public String getSpecJson() {
        return specJson;
    }

    public String getSpecHash() {
        return specHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
