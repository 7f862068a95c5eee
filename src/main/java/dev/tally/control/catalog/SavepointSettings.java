package dev.tally.control.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;

/**
 * A job's savepoint settings: retention by count and age (as the Flink Kubernetes operator's
 * {@code savepoint.history.max.count} and {@code max.age}) and the interval of periodic savepoints (its
 * {@code periodic.savepoint.interval}). A job without a row has the {@link #defaults}. Not thread-safe (a JPA
 * entity).
 */
@Entity
@Table(name = "savepoint_settings")
public class SavepointSettings {

    /** Savepoints kept per job unless the job says otherwise. */
    public static final int DEFAULT_KEEP = 10;
    /** Most savepoints a job may keep. */
    public static final int MAX_KEEP = 10_000;
    /** Shortest periodic-savepoint interval. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    @Id
    @Column(length = 64)
    private String job;

    @Column(name = "keep_count", nullable = false)
    private int keep;

    @Column(name = "max_age_ms")
    private Long maxAgeMs;

    @Column(name = "periodic_interval_ms")
    private Long periodicIntervalMs;

    protected SavepointSettings() {
    }

    /** The defaults: keep {@value #DEFAULT_KEEP}, no age limit, no periodic savepoints. */
    static SavepointSettings defaults(String job) {
        SavepointSettings s = new SavepointSettings();
        s.job = job;
        s.keep = DEFAULT_KEEP;
        return s;
    }

    /**
     * Changes the settings.
     *
     * @param keep             savepoints kept, 1..{@value #MAX_KEEP}
     * @param maxAge           older ones are removed (except the newest); null = no age limit; positive
     * @param periodicInterval time between periodic savepoints; null = none; at least 1 s
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    void change(int keep, Duration maxAge, Duration periodicInterval) {
        if (keep < 1 || keep > MAX_KEEP) {
            throw new IllegalArgumentException("keep: must be between 1 and " + MAX_KEEP + ", not " + keep);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("maxAge: must be positive, or absent for no age limit");
        }
        if (periodicInterval != null && periodicInterval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("periodicInterval: must be at least 1s, or absent for none");
        }
        this.keep = keep;
        this.maxAgeMs = maxAge == null ? null : maxAge.toMillis();
        this.periodicIntervalMs = periodicInterval == null ? null : periodicInterval.toMillis();
    }

    public String getJob() {
        return job;
    }

    /** Savepoints kept (the newest ones), besides pinned and needed ones. */
    public int getKeep() {
        return keep;
    }

    /** Savepoints older than this are removed (except the newest); null = no age limit. */
    public Duration getMaxAge() {
        return maxAgeMs == null ? null : Duration.ofMillis(maxAgeMs);
    }

    /** Time between periodic savepoints of a running deployment; null = none. */
    public Duration getPeriodicInterval() {
        return periodicIntervalMs == null ? null : Duration.ofMillis(periodicIntervalMs);
    }
}
