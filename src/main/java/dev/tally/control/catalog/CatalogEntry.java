package dev.tally.control.catalog;

import dev.tally.control.web.ConflictException;
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
 * One savepoint or retained checkpoint in the catalog, with its lineage (job version, deployment, parent
 * snapshot, trigger), the figures of its manifest (per-partition offsets and watermarks, watermark, key count,
 * size), what is known about its files ({@link SavepointStatus}) and whether its Kafka offsets can still be read
 * (replayable). The manifest's figures are null for an entry whose manifest cannot be read (CORRUPT). Changes
 * are methods that refuse illegal moves. Not thread-safe (a JPA entity).
 */
@Entity
@Table(name = "savepoint_catalog")
public class CatalogEntry {

    /** The engine of the embedded engine's snapshots. */
    public static final String EMBEDDED = "embedded";
    /** The engine of savepoints taken on Flink. */
    public static final String FLINK = "flink";

    /** Longest problem text kept (the column's length). */
    static final int PROBLEM_LENGTH = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String job;

    @Column(name = "snapshot_id", nullable = false)
    private String snapshotId;

    /** SAVEPOINT or CHECKPOINT, as in the manifest. */
    @Column(nullable = false, length = 16)
    private String kind;

    @Column(name = "job_version")
    private Integer jobVersion;

    @Column(name = "deployment_id")
    private Long deploymentId;

    @Column(name = "parent_snapshot_id", length = 64)
    private String parent;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger_kind", nullable = false, length = 16)
    private SavepointTrigger trigger;

    @Column(name = "checkpoint_id")
    private Long checkpointId;

    private Integer parallelism;

    @Column(name = "max_parallelism")
    private Integer maxParallelism;

    @Column(name = "source_topic")
    private String sourceTopic;

    @Column(name = "source_servers", length = 1000)
    private String sourceServers;

    /** Per source partition: {@code [{"partition":0,"position":42,"watermark":...,"idle":false}, ...]}. */
    @Column(name = "offsets_json", nullable = false, length = 100_000)
    private String offsetsJson;

    private Long watermark;

    @Column(name = "key_count")
    private Long keyCount;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SavepointStatus status;

    @Column(length = PROBLEM_LENGTH)
    private String problem;

    @Column(nullable = false)
    private boolean pinned;

    private Boolean replayable;

    @Column(name = "replay_problem", length = PROBLEM_LENGTH)
    private String replayProblem;

    @Column(name = "replay_checked_at")
    private Instant replayCheckedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    /** The engine that took it: {@code embedded} or {@code flink}; a savepoint restores only on its engine. */
    @Column(nullable = false, length = 16)
    private String engine = EMBEDDED;

    @Column(name = "flink_version", length = 32)
    private String flinkVersion;

    @Column(name = "jar_sha256", length = 64)
    private String jarSha256;

    /** Where Flink wrote it ({@code file:/…/savepoint-…}), the path Flink restores from; null for embedded. */
    @Column(length = 1000)
    private String location;

    protected CatalogEntry() {
    }

    /** A row for a snapshot whose manifest was read; status and replayability are set by the catalog. */
    CatalogEntry(String job, String snapshotId, Lineage lineage, Figures figures, Instant registeredAt) {
        this.job = job;
        this.snapshotId = snapshotId;
        this.kind = lineage.kind();
        this.jobVersion = lineage.jobVersion();
        this.deploymentId = lineage.deploymentId();
        this.parent = lineage.parent();
        this.trigger = lineage.trigger();
        this.checkpointId = figures.checkpointId();
        this.parallelism = figures.parallelism();
        this.maxParallelism = figures.maxParallelism();
        this.sourceTopic = figures.sourceTopic();
        this.sourceServers = figures.sourceServers();
        this.offsetsJson = figures.offsetsJson();
        this.watermark = figures.watermark();
        this.keyCount = figures.keyCount();
        this.sizeBytes = figures.sizeBytes();
        this.createdAt = figures.createdAt();
        this.status = SavepointStatus.UNVERIFIED;
        this.registeredAt = registeredAt;
    }

    /** A row for an entry of the storage directory that cannot be read: CORRUPT, with the problem. */
    static CatalogEntry unreadable(String job, String entry, String problem, Instant createdAt, Instant now) {
        CatalogEntry e = new CatalogEntry();
        e.job = job;
        e.snapshotId = entry;
        e.kind = "SAVEPOINT";
        e.trigger = SavepointTrigger.IMPORTED;
        e.offsetsJson = "[]";
        e.createdAt = createdAt;
        e.registeredAt = now;
        e.corrupt(problem);
        return e;
    }

    /**
     * A row for a savepoint Flink took and reported COMPLETED.
     *
     * @param snapshotId  its directory's name ({@code savepoint-…})
     * @param location    Flink's location of it (restore from this)
     * @param metadata    whether its {@code _metadata} file was found (VERIFIED); false when the location cannot
     *                    be read from here (UNVERIFIED)
     * @param parallelism parallelism of the Flink job that took it
     */
    static CatalogEntry flink(String job, String snapshotId, String location, Lineage lineage, int parallelism,
            Integer maxParallelism, String flinkVersion, String jarSha256, boolean metadata, Instant now) {
        CatalogEntry e = new CatalogEntry();
        e.job = job;
        e.snapshotId = snapshotId;
        e.kind = lineage.kind();
        e.jobVersion = lineage.jobVersion();
        e.deploymentId = lineage.deploymentId();
        e.parent = lineage.parent();
        e.trigger = lineage.trigger();
        e.parallelism = parallelism;
        e.maxParallelism = maxParallelism;
        e.offsetsJson = "[]";
        e.engine = FLINK;
        e.flinkVersion = flinkVersion;
        e.jarSha256 = jarSha256;
        e.location = location;
        e.status = metadata ? SavepointStatus.VERIFIED : SavepointStatus.UNVERIFIED;
        e.createdAt = now;
        e.registeredAt = now;
        return e;
    }

    /**
     * Where a snapshot comes from.
     *
     * @param kind         SAVEPOINT or CHECKPOINT
     * @param jobVersion   the job's version that took it
     * @param deploymentId the deployment that took it, or null
     * @param parent       the snapshot the job was restored from, or null
     * @param trigger      why it was taken
     */
    record Lineage(String kind, int jobVersion, Long deploymentId, String parent, SavepointTrigger trigger) {
    }

    /**
     * A snapshot's figures, from its manifest.
     *
     * @param checkpointId   barrier id
     * @param parallelism    parallelism of the run that took it
     * @param maxParallelism key groups
     * @param sourceTopic    the Kafka topic read (Kafka sources), else null
     * @param sourceServers  the source's own bootstrap servers, or null for the service's Kafka
     * @param offsetsJson    per-partition position (next offset to read) and watermark, as JSON
     * @param watermark      combined watermark, epoch ms
     * @param keyCount       state entries (key, window) in the key groups
     * @param sizeBytes      bytes of the data files
     * @param createdAt      when it was taken
     */
    record Figures(long checkpointId, int parallelism, int maxParallelism, String sourceTopic, String sourceServers,
            String offsetsJson, long watermark, long keyCount, long sizeBytes, Instant createdAt) {
    }

    /** Pins it: retention and delete leave it alone until unpinned. Idempotent. */
    void pin() {
        pinned = true;
    }

    /** Unpins it. Idempotent. */
    void unpin() {
        pinned = false;
    }

    /** Every data file was read back and matched the manifest. */
    void verified() {
        status = SavepointStatus.VERIFIED;
        problem = null;
    }

    /** The entry cannot be used, and why (naming the file). */
    void corrupt(String why) {
        status = SavepointStatus.CORRUPT;
        problem = clip(why);
    }

    /** Its directory is gone from the storage directory. */
    void missing(String why) {
        status = SavepointStatus.MISSING;
        problem = clip(why);
    }

    /** Records a replayability check: {@code why} is null when every saved offset can still be read. */
    void replayChecked(String why, Instant at) {
        replayable = why == null;
        replayProblem = why == null ? null : clip(why);
        replayCheckedAt = at;
    }

    /** Gives an IMPORTED row the trigger and deployment of whoever registers the same snapshot later. */
    void claim(SavepointTrigger by, Long deployment) {
        if (trigger != SavepointTrigger.IMPORTED) {
            throw new ConflictException("savepoint " + snapshotId + " is already registered as " + trigger);
        }
        this.trigger = by;
        this.deploymentId = deployment;
    }

    /** Whether its files are there and usable (VERIFIED or UNVERIFIED). */
    public boolean usable() {
        return status == SavepointStatus.VERIFIED || status == SavepointStatus.UNVERIFIED;
    }

    private static String clip(String s) {
        return s.length() <= PROBLEM_LENGTH ? s : s.substring(0, PROBLEM_LENGTH - 1) + "…";
    }

    public Long getId() {
        return id;
    }

    public String getJob() {
        return job;
    }

    public String getSnapshotId() {
        return snapshotId;
    }

    public String getKind() {
        return kind;
    }

    public Integer getJobVersion() {
        return jobVersion;
    }

    public Long getDeploymentId() {
        return deploymentId;
    }

    public String getParent() {
        return parent;
    }

    public SavepointTrigger getTrigger() {
        return trigger;
    }

    public Long getCheckpointId() {
        return checkpointId;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public Integer getMaxParallelism() {
        return maxParallelism;
    }

    public String getSourceTopic() {
        return sourceTopic;
    }

    public String getSourceServers() {
        return sourceServers;
    }

    public String getOffsetsJson() {
        return offsetsJson;
    }

    public Long getWatermark() {
        return watermark;
    }

    public Long getKeyCount() {
        return keyCount;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public SavepointStatus getStatus() {
        return status;
    }

    public String getProblem() {
        return problem;
    }

    public boolean isPinned() {
        return pinned;
    }

    /** Whether every saved Kafka offset can still be read; null when not checked yet. */
    public Boolean getReplayable() {
        return replayable;
    }

    public String getReplayProblem() {
        return replayProblem;
    }

    public Instant getReplayCheckedAt() {
        return replayCheckedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    /** {@code embedded} or {@code flink}. */
    public String getEngine() {
        return engine;
    }

    /** Whether Flink took it. */
    public boolean isFlink() {
        return FLINK.equals(engine);
    }

    /** The Flink version that took it, or null. */
    public String getFlinkVersion() {
        return flinkVersion;
    }

    /** SHA-256 of the job jar that took it, or null. */
    public String getJarSha256() {
        return jarSha256;
    }

    /** Flink's location of it, or null. */
    public String getLocation() {
        return location;
    }
}
