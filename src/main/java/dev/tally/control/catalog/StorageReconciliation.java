package dev.tally.control.catalog;

import dev.tally.control.audit.AuditService;
import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.engine.snapshot.SnapshotStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Brings the catalog in line with the storage directory ({@code <data>/savepoints/<job>}), as found by
 * {@link SnapshotStore#scan()}: a readable directory without a row is registered as IMPORTED; an entry that cannot
 * be read is recorded as CORRUPT with the problem (never skipped); a row whose directory is gone is marked
 * MISSING; a MISSING row whose directory is back, or an UNVERIFIED one, is read back again. Directories of jobs
 * the service does not know are reported in the log. Each finding is in the audit log (principal
 * {@link AuditService#SYSTEM}). Retained checkpoints are brought in line too ({@link RetainedCheckpoints}). Runs
 * at start-up and on request; thread-safe through {@link SavepointCatalog}.
 */
@Component
class StorageReconciliation {

    private static final Logger log = LoggerFactory.getLogger(StorageReconciliation.class);

    private final SavepointCatalog catalog;
    private final CatalogStorage storage;
    private final JobService jobs;
    private final AuditService audit;
    private final RetainedCheckpoints checkpoints;

    StorageReconciliation(SavepointCatalog catalog, CatalogStorage storage, JobService jobs, AuditService audit,
            RetainedCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
        this.catalog = catalog;
        this.storage = storage;
        this.jobs = jobs;
        this.audit = audit;
    }

    /**
     * What a reconciliation found, by job and snapshot id ({@code job/id}).
     *
     * @param imported    readable directories registered as IMPORTED
     * @param corrupt     entries that cannot be read, recorded as CORRUPT
     * @param missing     rows whose directory is gone, marked MISSING
     * @param unknownJobs directories under the savepoints directory that belong to no job
     */
    record Report(List<String> imported, List<String> corrupt, List<String> missing, List<String> unknownJobs) {
    }

    /** Reconciles every job's savepoints. */
    Report reconcile() {
        Report report = new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Set<String> known = new HashSet<>();
        for (Job job : jobs.all()) {
            known.add(job.getName());
            reconcile(job.getName(), report);
        }
        for (String dir : storage.jobDirectories()) {
            if (!known.contains(dir)) {
                report.unknownJobs().add(dir);
                log.warn("Savepoint directory {} belongs to no job: left alone, not in the catalog", dir);
            }
        }
        log.info("Savepoint catalog reconciled with storage: {} imported, {} corrupt, {} missing, {} unknown jobs",
                report.imported().size(), report.corrupt().size(), report.missing().size(),
                report.unknownJobs().size());
        return report;
    }

    /**
     * Reconciles one job's savepoints, adding what it found to {@code report}, then its retained checkpoints (see
     * {@link RetainedCheckpoints#reconcile}: registered or dropped silently, the engine owns them).
     */
    void reconcile(String job, Report report) {
        checkpoints.reconcile(job);
        SnapshotStore store = storage.store(job, "SAVEPOINT");
        SnapshotStore.Listing listing = store.scan();
        Map<String, CatalogEntry> rows = new HashMap<>();
        catalog.savepointRows(job).forEach(e -> rows.put(e.getSnapshotId(), e));
        Set<String> onDisk = new HashSet<>(listing.quarantined());
        for (SnapshotStore.Stored s : listing.snapshots()) {
            onDisk.add(s.id());
            CatalogEntry row = rows.get(s.id());
            if (row == null) {
                CatalogEntry e = catalog.register(job, s.id(), s.manifest(), SavepointTrigger.IMPORTED, null);
                report.imported().add(job + "/" + s.id());
                record(job, s.id(), "imported: found in the storage directory without a row (" + e.getStatus() + ")");
            } else if (row.getStatus() == SavepointStatus.MISSING || row.getStatus() == SavepointStatus.UNVERIFIED) {
                catalog.reverify(row, s.manifest());
            }
        }
        for (SnapshotStore.Unreadable u : listing.unreadable()) {
            onDisk.add(u.id());
            CatalogEntry row = rows.get(u.id());
            if (row == null || row.getStatus() != SavepointStatus.CORRUPT) {
                catalog.recordUnreadable(job, u);
                report.corrupt().add(job + "/" + u.id());
                log.error("Savepoint entry {} of job {} cannot be read: {}", u.id(), job, u.problem());
                record(job, u.id(), "corrupt: " + u.problem());
            }
        }
        for (CatalogEntry row : rows.values()) {
            if (!onDisk.contains(row.getSnapshotId()) && !storage.exists(store, row.getSnapshotId())
                    && row.getStatus() != SavepointStatus.MISSING) {
                String why = "its directory is gone from the storage directory";
                catalog.recordMissing(row, why);
                report.missing().add(job + "/" + row.getSnapshotId());
                log.error("Savepoint {} of job {} is missing: {}", row.getSnapshotId(), job, why);
                record(job, row.getSnapshotId(), "missing: " + why);
            }
        }
    }

    private void record(String job, String id, String detail) {
        audit.record(AuditService.SYSTEM, "reconcile", "/api/jobs/" + job + "/savepoints/" + id, "", 200, detail);
    }
}
