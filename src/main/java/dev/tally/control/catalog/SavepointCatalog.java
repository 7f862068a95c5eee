package dev.tally.control.catalog;

import dev.tally.control.audit.AuditService;
import dev.tally.control.job.JobService;
import dev.tally.control.web.ConflictException;
import dev.tally.control.web.NotFoundException;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.SnapshotException;
import dev.tally.engine.snapshot.SnapshotNotFoundException;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SourceSpec;
import dev.tally.engine.spec.SpecJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The savepoint catalog: one database row per savepoint and retained checkpoint, with lineage (see
 * {@link CatalogEntry}). Whoever takes a savepoint registers it at once ({@link #register}); the catalog verifies
 * its files, asks Kafka whether its offsets can still be read, and applies the job's retention. Deleting removes
 * the files first, then the row (the other way round orphans files, FLINK-39439); neither delete nor retention
 * ever removes a pinned savepoint or one a {@link SavepointDependents} bean names. Changes are serialized
 * (synchronized); Kafka is asked outside the lock. Thread-safe.
 */
@Service
public class SavepointCatalog {

    private static final Logger log = LoggerFactory.getLogger(SavepointCatalog.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String CHECKPOINT = "CHECKPOINT";

    private final CatalogRepository entries;
    private final SavepointSettingsRepository settings;
    private final JobService jobs;
    private final CatalogStorage storage;
    private final ReplayCheck replay;
    private final ObjectProvider<SavepointDependents> dependents;
    private final AuditService audit;
    private final Clock clock = Clock.systemUTC();
    /** The newest checkpoints the engine deleted ("job/id"), so that a late registration does not add them back. */
    private final Map<String, Boolean> forgotten = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    SavepointCatalog(CatalogRepository entries, SavepointSettingsRepository settings, JobService jobs,
            CatalogStorage storage, ReplayCheck replay, ObjectProvider<SavepointDependents> dependents,
            AuditService audit) {
        this.entries = entries;
        this.settings = settings;
        this.jobs = jobs;
        this.storage = storage;
        this.replay = replay;
        this.dependents = dependents;
        this.audit = audit;
    }

    /**
     * Registers a snapshot that was just taken (or found on disk): a row with the lineage and figures of its
     * manifest, its data files read back (VERIFIED, or CORRUPT saying which file is wrong), its saved Kafka
     * offsets checked against the topic's earliest offsets (a Kafka that does not answer leaves replayability
     * unknown, logged), then the job's retention. Registering the same snapshot again returns its row; an IMPORTED
     * row takes the trigger and deployment of whoever registers it.
     *
     * @param job          the job's name
     * @param snapshotId   the snapshot's id in the job's store (savepoints, or checkpoints for kind CHECKPOINT)
     * @param manifest     its manifest
     * @param trigger      why it was taken
     * @param deploymentId the deployment that took it, or null
     * @return the row; null for a checkpoint whose files the engine deleted (subsumed) before it was registered
     * @throws NotFoundException when there is no such job
     */
    public CatalogEntry register(String job, String snapshotId, Manifest manifest, SavepointTrigger trigger,
            Long deploymentId) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(trigger, "trigger");
        CatalogEntry e;
        synchronized (this) {
            jobs.find(job);
            Optional<CatalogEntry> existing = entries.findByJobAndSnapshotId(job, snapshotId);
            if (existing.isPresent()) {
                CatalogEntry row = existing.get();
                if (row.getTrigger() != SavepointTrigger.IMPORTED || trigger == SavepointTrigger.IMPORTED) {
                    return row; // the same content taken again: content-addressed, one row
                }
                row.claim(trigger, deploymentId);
                return entries.save(row);
            }
        }
        // read every data file back outside the lock: the engine's deletes (forgetCheckpoint) never wait for it
        SnapshotStore store = storage.store(job, manifest.kind());
        String problem = storage.verify(store, snapshotId, manifest);
        synchronized (this) {
            Optional<CatalogEntry> meanwhile = entries.findByJobAndSnapshotId(job, snapshotId);
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            if (CHECKPOINT.equals(manifest.kind())
                    && (forgotten.containsKey(job + "/" + snapshotId) || !storage.exists(store, snapshotId))) {
                log.debug("Checkpoint {} of job {} was subsumed before it was registered", snapshotId, job);
                return null; // the engine deletes or deleted it: there is nothing to register
            }
            e = new CatalogEntry(job, snapshotId, new CatalogEntry.Lineage(manifest.kind(), manifest.jobVersion(),
                    deploymentId, manifest.parent(), trigger), figures(manifest), clock.instant());
            if (problem == null) {
                e.verified();
            } else {
                e.corrupt(problem);
                log.error("Savepoint {} of job {} is corrupt: {}", snapshotId, job, problem);
            }
            e = entries.save(e);
        }
        e = checkReplayable(e, false);
        if (trigger != SavepointTrigger.IMPORTED && !CHECKPOINT.equals(manifest.kind())) {
            applyRetention(job);
        }
        return e;
    }

    /**
     * Registers a snapshot of the job's savepoint store by id, reading its manifest; see {@link #register}.
     *
     * @throws SnapshotException when the store has no readable snapshot of that id (saying why when unreadable)
     */
    public CatalogEntry register(String job, String snapshotId, SavepointTrigger trigger, Long deploymentId) {
        SnapshotStore.Listing l = storage.store(job, "SAVEPOINT").scan();
        for (SnapshotStore.Unreadable u : l.unreadable()) {
            if (u.id().equals(snapshotId)) {
                throw new SnapshotException(u.problem());
            }
        }
        Manifest m = l.snapshots().stream().filter(s -> s.id().equals(snapshotId)).findFirst()
                .orElseThrow(() -> new SnapshotNotFoundException("job '" + job + "' has no savepoint " + snapshotId))
                .manifest();
        return register(job, snapshotId, m, trigger, deploymentId);
    }

    private static CatalogEntry.Figures figures(Manifest m) {
        String topic = null;
        String servers = null;
        try {
            JobSpec spec = SpecJson.read(m.specJson());
            if (spec.source() != null && spec.source().kind() == SourceSpec.Kind.KAFKA) {
                topic = spec.source().topic();
                servers = spec.source().bootstrapServers();
            }
        } catch (JacksonException ex) {
            log.warn("Spec in the manifest of job {} checkpoint {} cannot be read ({}): replayability not checked",
                    m.jobName(), m.checkpointId(), ex.getOriginalMessage());
        }
        return new CatalogEntry.Figures(m.checkpointId(), m.parallelism(), m.maxParallelism(), topic, servers,
                JSON.writeValueAsString(m.sources()), m.watermark(), m.entries(), m.bytes(), Instant.parse(m.createdAt()));
    }

    /** A row's saved source positions and watermarks, by partition. */
    public static List<Manifest.SourcePartition> offsets(CatalogEntry e) {
        return Arrays.asList(JSON.readValue(e.getOffsetsJson(), Manifest.SourcePartition[].class));
    }

    /**
     * Asks Kafka now whether a row's saved offsets can still be read and records the answer. Rows of non-Kafka
     * sources are replayable.
     *
     * @param strict whether a Kafka that does not answer is an error (else it is logged and the row unchanged)
     * @throws ReplayCheck.KafkaUnavailableException when strict and Kafka does not answer
     */
    private CatalogEntry checkReplayable(CatalogEntry e, boolean strict) {
        String problem = null;
        if (e.getSourceTopic() != null) {
            try {
                problem = replay.problem(e.getSourceTopic(), e.getSourceServers(), offsets(e));
            } catch (ReplayCheck.KafkaUnavailableException ex) {
                if (strict) {
                    throw ex;
                }
                log.warn("Replayability of savepoint {} of job {} unknown: {}", e.getSnapshotId(), e.getJob(),
                        ex.getMessage());
                return e;
            }
        }
        String why = problem;
        synchronized (this) {
            return entries.findById(e.getId()).map(fresh -> {
                if (why != null && !Boolean.FALSE.equals(fresh.getReplayable())) {
                    log.warn("Savepoint {} of job {} is not replayable: {}", fresh.getSnapshotId(), fresh.getJob(), why);
                }
                fresh.replayChecked(why, clock.instant());
                return entries.save(fresh);
            }).orElse(e);
        }
    }

    /**
     * Checks a savepoint now (on demand): its files are read back against the manifest (VERIFIED, CORRUPT naming
     * the file, or MISSING), then, when they are usable, its saved offsets are checked against Kafka.
     *
     * @return its row, updated
     * @throws NotFoundException when there is no such job or savepoint
     * @throws ReplayCheck.KafkaUnavailableException when Kafka does not answer (the file status is recorded)
     */
    public CatalogEntry check(String job, String snapshotId) {
        CatalogEntry e = find(job, snapshotId);
        if (e.isFlink()) {
            return e; // Flink's files: checked for their _metadata when registered
        }        SnapshotStore.Listing l = storage.store(job, e.getKind()).scan();
        Optional<SnapshotStore.Unreadable> unreadable = l.unreadable().stream()
                .filter(u -> u.id().equals(snapshotId)).findFirst();
        Optional<SnapshotStore.Stored> readable = l.snapshots().stream().filter(s -> s.id().equals(snapshotId))
                .findFirst();
        if (unreadable.isPresent()) {
            e = recordUnreadable(job, unreadable.get());
        } else if (readable.isPresent()) {
            e = reverify(e, readable.get().manifest());
        } else {
            e = recordMissing(e, "its directory is gone from the storage directory");
        }
        return e.usable() ? checkReplayable(e, true) : e;
    }

    /**
     * Refuses a savepoint that cannot be replayed: its files are not usable (CORRUPT, MISSING), or Kafka (asked
     * now) no longer has every saved offset. Upgrades and replays call this before their first side effect.
     *
     * @throws SnapshotException saying why: the status and problem, or which partition lost which offsets
     *                           ("partition 0 of topic t: saved offset 3, earliest offset 5 ..."), or that Kafka
     *                           could not be asked
     * @throws NotFoundException when there is no such job or savepoint in the catalog
     */
    public void requireReplayable(String job, String snapshotId) {
        CatalogEntry e = find(job, snapshotId);
        String what = "savepoint " + snapshotId + " of job '" + job + "'";
        if (!e.usable()) {
            throw new SnapshotException(what + " is " + e.getStatus() + ": " + e.getProblem());
        }
        try {
            e = checkReplayable(e, true);
        } catch (ReplayCheck.KafkaUnavailableException ex) {
            throw new SnapshotException("cannot tell whether " + what + " is replayable: " + ex.getMessage());
        }
        if (Boolean.FALSE.equals(e.getReplayable())) {
            throw new SnapshotException(what + " is not replayable: " + e.getReplayProblem());
        }
    }

    /** Checks every row of a Kafka source not yet known to be unreplayable; Kafka failures are logged. */
    void checkAllReplayable() {
        for (CatalogEntry e : entries.findAllByOrderByCreatedAtDescIdDesc()) {
            if (e.usable() && e.getSourceTopic() != null && !Boolean.FALSE.equals(e.getReplayable())) {
                checkReplayable(e, false);
            }
        }
    }

    /** The newest usable savepoint a deployment took (what resuming it restores), if any. */
    public Optional<CatalogEntry> latestOf(long deploymentId) {
        return entries.findByDeploymentIdOrderByCreatedAtDescIdDesc(deploymentId).stream()
                .filter(e -> e.usable() && "SAVEPOINT".equals(e.getKind())).findFirst();
    }

    /** A job's rows of every kind, newest first; 404 ({@link NotFoundException}) for an unknown job. */
    public List<CatalogEntry> list(String job) {
        jobs.find(job);
        return entries.findByJobOrderByCreatedAtDescIdDesc(job);
    }

    /**
     * A job's rows of one kind, newest first.
     *
     * @param kind savepoint, checkpoint or all (any case); null = savepoint
     * @throws NotFoundException for an unknown job
     * @throws IllegalArgumentException "kind: ..." when the kind is none of these
     */
    public List<CatalogEntry> list(String job, String kind) {
        String k = CatalogFilters.kind(kind);
        return list(job).stream().filter(e -> k == null || k.equals(e.getKind())).toList();
    }

    /**
     * Rows of every job, newest first, filtered by job, status and kind when given.
     *
     * @param kind savepoint, checkpoint or all (any case); null = savepoint
     * @throws IllegalArgumentException "status: ..." when the status is not a {@link SavepointStatus}, "kind: ..."
     *                                  when the kind is none of savepoint, checkpoint, all
     */
    public List<CatalogEntry> all(String job, String status, String kind) {
        SavepointStatus s = status == null ? null : CatalogFilters.status(status);
        String k = CatalogFilters.kind(kind);
        List<CatalogEntry> rows = job == null ? entries.findAllByOrderByCreatedAtDescIdDesc()
                : entries.findByJobOrderByCreatedAtDescIdDesc(job);
        return rows.stream().filter(e -> (s == null || e.getStatus() == s) && (k == null || k.equals(e.getKind())))
                .toList();
    }

    /** A row; 404 ({@link NotFoundException}) for an unknown job or savepoint. */
    public CatalogEntry find(String job, String snapshotId) {
        jobs.find(job);
        return entries.findByJobAndSnapshotId(job, snapshotId).orElseThrow(
                () -> new NotFoundException("job '" + job + "' has no savepoint " + snapshotId + " in the catalog"));
    }

    /**
     * Pins or unpins a savepoint (idempotent); 404 when unknown.
     *
     * @throws ConflictException when pinning a retained checkpoint: the engine owns its lifetime
     */
    public synchronized CatalogEntry pin(String job, String snapshotId, boolean pinned) {
        CatalogEntry e = find(job, snapshotId);
        if (pinned && CHECKPOINT.equals(e.getKind())) {
            throw new ConflictException("checkpoint " + snapshotId + " of job '" + job + "' is not pinned: the "
                    + "engine deletes its checkpoints when newer ones subsume them; take a savepoint to keep state");
        }
        if (pinned) {
            e.pin();
        } else {
            e.unpin();
        }
        return entries.save(e);
    }

    /**
     * Deletes a savepoint: its files first, then its row, so that a failure never leaves files no row refers to.
     *
     * @throws ConflictException naming why when it is pinned or a {@link SavepointDependents} needs it (nothing
     *                           changes then)
     * @throws NotFoundException when unknown
     * @throws java.io.UncheckedIOException when the files cannot be deleted (the row stays)
     */
    public synchronized void delete(String job, String snapshotId) {
        CatalogEntry e = find(job, snapshotId);
        Optional<String> kept = whyKept(e);
        if (kept.isPresent()) {
            throw new ConflictException("savepoint " + snapshotId + " of job '" + job + "' is not deleted: "
                    + kept.get());
        }
        remove(e);
    }

    /**
     * Removes the row of a retained checkpoint whose files are about to be deleted by the engine (subsumed by a
     * newer one, or the job stopped) or set aside by recovery: called before the files go, so that no row ever
     * refers to deleted files and normal subsumption never shows as MISSING. Unknown ids are ignored (the
     * checkpoint was never registered, or its row is gone already).
     *
     * @param why what deletes it, for the log
     */
    public synchronized void forgetCheckpoint(String job, String snapshotId, String why) {
        forgotten.put(job + "/" + snapshotId, Boolean.TRUE); // a registration under way must not bring it back
        entries.findByJobAndSnapshotId(job, snapshotId).filter(e -> CHECKPOINT.equals(e.getKind())).ifPresent(e -> {
            entries.delete(e);
            log.debug("Checkpoint {} of job {} left the catalog: {}", snapshotId, job, why);
        });
    }

    /** Rows of a job's retained checkpoints (reconciliation). */
    synchronized List<CatalogEntry> checkpointRows(String job) {
        return entries.findByJobOrderByCreatedAtDescIdDesc(job).stream().filter(e -> CHECKPOINT.equals(e.getKind()))
                .toList();
    }

    private void remove(CatalogEntry e) {
        FlinkSavepoints.deleteFiles(e.isFlink() ? e.getLocation() : null); // a Flink savepoint's own files
        if (!e.isFlink()) {
            storage.delete(storage.store(e.getJob(), e.getKind()), e.getSnapshotId());
        }
        entries.delete(e);
        log.info("Deleted {} {} of job {} (files, then row)", e.getKind().toLowerCase(Locale.ROOT), e.getSnapshotId(),
                e.getJob());
    }

    /** Why a row must stay: pinned, or needed by a {@link SavepointDependents}; empty when it may go. */
    private Optional<String> whyKept(CatalogEntry e) {
        if (e.isPinned()) {
            return Optional.of("it is pinned; unpin it first");
        }
        return dependents.orderedStream().map(d -> d.whyNeeded(e.getJob(), e.getSnapshotId()))
                .flatMap(Optional::stream).findFirst().map(why -> "it is needed: " + why);
    }

    /** A job's savepoint settings (the defaults when never changed); 404 for an unknown job. */
    public SavepointSettings settings(String job) {
        jobs.find(job);
        return settings.findById(job).orElseGet(() -> SavepointSettings.defaults(job));
    }

    /** The settings of jobs with periodic savepoints. */
    List<SavepointSettings> periodic() {
        return settings.findByPeriodicIntervalMsNotNull();
    }

    /**
     * Changes a job's savepoint settings and applies its retention at once.
     *
     * @throws IllegalArgumentException naming the field when a value is out of range (nothing changes)
     * @throws NotFoundException for an unknown job
     */
    public synchronized SavepointSettings changeSettings(String job, int keep, Duration maxAge,
            Duration periodicInterval) {
        SavepointSettings s = settings(job);
        s.change(keep, maxAge, periodicInterval);
        s = settings.save(s);
        applyRetention(job);
        return s;
    }

    /**
     * Applies a job's retention: of the usable savepoints the service took (VERIFIED, UNVERIFIED; CORRUPT and
     * MISSING rows, and IMPORTED ones it did not take, are left for the user to decide on), the newest
     * {@code keep} stay, and so do the pinned ones and those a {@link SavepointDependents} names; the others go,
     * and so do those older than {@code maxAge} except the newest. Each deletion is in the audit log (principal
     * {@link AuditService#SYSTEM}). Retained checkpoints are the engine's to expire and are left alone.
     *
     * @return the ids deleted, newest first
     */
    public synchronized List<String> applyRetention(String job) {
        SavepointSettings s = settings(job);
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        int rank = 0;
        for (CatalogEntry e : entries.findByJobOrderByCreatedAtDescIdDesc(job)) {
            if (!e.usable() || !"SAVEPOINT".equals(e.getKind()) || e.getTrigger() == SavepointTrigger.IMPORTED
                    || e.isFlink()) {
                continue;
            }
            rank++;
            String reason = rank > s.getKeep() ? "retention keeps the newest " + s.getKeep()
                    : rank > 1 && s.getMaxAge() != null && e.getCreatedAt().isBefore(now.minus(s.getMaxAge()))
                            ? "retention keeps none older than " + s.getMaxAge() : null;
            if (reason == null || whyKept(e).isPresent()) {
                continue;
            }
            remove(e);
            deleted.add(e.getSnapshotId());
            audit.record(AuditService.SYSTEM, "retention", "/api/jobs/" + job + "/savepoints/" + e.getSnapshotId(),
                    "", 200, "deleted: " + reason);
        }
        return deleted;
    }

    /** Applies every job's retention. */
    void applyAllRetention() {
        jobs.all().forEach(j -> applyRetention(j.getName()));
    }

    /** Rows of a job's savepoint store by id (reconciliation). */
    synchronized List<CatalogEntry> savepointRows(String job) {
        return entries.findByJobOrderByCreatedAtDescIdDesc(job).stream()
                .filter(e -> "SAVEPOINT".equals(e.getKind()) && !e.isFlink()).toList();
    }

    /** Records an entry of the job's savepoint store that cannot be read: CORRUPT (reconciliation, check). */
    synchronized CatalogEntry recordUnreadable(String job, SnapshotStore.Unreadable u) {
        Optional<CatalogEntry> existing = entries.findByJobAndSnapshotId(job, u.id());
        if (existing.isPresent()) {
            CatalogEntry e = existing.get();
            e.corrupt(u.problem());
            return entries.save(e);
        }
        SnapshotStore store = storage.store(job, "SAVEPOINT");
        Instant now = clock.instant();
        return entries.save(CatalogEntry.unreadable(job, u.id(), u.problem(), storage.modifiedAt(store, u.id(), now), now));
    }

    /** Marks a row whose directory is gone MISSING (reconciliation, check). */
    synchronized CatalogEntry recordMissing(CatalogEntry e, String why) {
        return entries.findById(e.getId()).map(fresh -> {
            fresh.missing(why);
            return entries.save(fresh);
        }).orElse(e);
    }

    /** Reads a row's files back against {@code m}: VERIFIED or CORRUPT (reconciliation, check). */
    synchronized CatalogEntry reverify(CatalogEntry e, Manifest m) {
        String problem = storage.verify(storage.store(e.getJob(), e.getKind()), e.getSnapshotId(), m);
        CatalogEntry fresh = entries.findById(e.getId()).orElse(e);
        if (problem == null) {
            fresh.verified();
        } else {
            fresh.corrupt(problem);
        }
        return entries.save(fresh);
    }
}
