package dev.tally.control.catalog;

import dev.tally.control.deployment.DeploymentTarget;
import dev.tally.control.deployment.EngineOfSavepoint;
import dev.tally.control.job.JobService;
import dev.tally.control.web.ConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Savepoints taken on Flink in the catalog: rows with engine {@code flink}, the Flink version, the job jar's
 * SHA-256, Flink's location and the same lineage as the embedded engine's (job version, deployment, parent,
 * trigger). Their files are Flink's: a {@code file:} location is checked for its {@code _metadata} (VERIFIED,
 * else UNVERIFIED) and deleted with the row. Also refuses restoring a savepoint on the other engine. Thread-safe.
 */
@Service
public class FlinkSavepoints implements EngineOfSavepoint {

    private final CatalogRepository entries;
    private final JobService jobs;
    private final Clock clock = Clock.systemUTC();

    FlinkSavepoints(CatalogRepository entries, JobService jobs) {
        this.entries = entries;
        this.jobs = jobs;
    }

    /**
     * What Flink reported and who asked.
     *
     * @param location       Flink's location of the savepoint ({@code file:/…/savepoint-…})
     * @param trigger        why it was taken
     * @param deploymentId   the deployment that took it
     * @param jobVersion     the job version that ran
     * @param parent         the catalog id of the savepoint the run was restored from, or null
     * @param parallelism    the Flink job's parallelism
     * @param maxParallelism the spec's max parallelism (key groups)
     * @param flinkVersion   the cluster's Flink version
     * @param jarSha256      SHA-256 of the job jar that ran
     */
    public record Taken(String location, SavepointTrigger trigger, long deploymentId, int jobVersion, String parent,
            int parallelism, int maxParallelism, String flinkVersion, String jarSha256) {
    }

    /**
     * Registers a savepoint Flink took; registering the same location again returns its row.
     *
     * @return the row; its id ({@code getSnapshotId}) is the savepoint directory's name
     * @throws dev.tally.control.web.NotFoundException when there is no such job
     */
    public synchronized CatalogEntry register(String job, Taken t) {
        jobs.find(job);
        String id = t.location().substring(t.location().replaceAll("/+$", "").lastIndexOf('/') + 1)
                .replaceAll("/+$", "");
        Optional<CatalogEntry> existing = entries.findByJobAndSnapshotId(job, id);
        if (existing.isPresent()) {
            return existing.get();
        }
        CatalogEntry.Lineage lineage = new CatalogEntry.Lineage("SAVEPOINT", t.jobVersion(), t.deploymentId(),
                t.parent(), t.trigger());
        return entries.save(CatalogEntry.flink(job, id, t.location(), lineage, t.parallelism(), t.maxParallelism(),
                t.flinkVersion(), t.jarSha256(), metadataExists(t.location()), clock.instant()));
    }

    /**
     * A Flink savepoint of the job by its catalog id.
     *
     * @throws dev.tally.control.web.NotFoundException when the catalog has no such savepoint
     * @throws ConflictException when it was taken by the embedded engine, or its files are not usable
     */
    public synchronized CatalogEntry restorable(String job, String snapshotId) {
        CatalogEntry e = entries.findByJobAndSnapshotId(job, snapshotId).orElseThrow(() ->
                new dev.tally.control.web.NotFoundException("job '" + job + "' has no savepoint " + snapshotId));
        refuseOtherEngine(e, DeploymentTarget.FLINK);
        if (!e.usable()) {
            throw new ConflictException("savepoint " + snapshotId + " of job '" + job + "' is " + e.getStatus()
                    + (e.getProblem() == null ? "" : ": " + e.getProblem()));
        }
        return e;
    }

    @Override
    public synchronized void refuseOtherEngine(String job, String savepoint, DeploymentTarget target) {
        entries.findByJobAndSnapshotId(job, savepoint).ifPresent(e -> refuseOtherEngine(e, target));
    }

    private static void refuseOtherEngine(CatalogEntry e, DeploymentTarget target) {
        boolean onFlink = target == DeploymentTarget.FLINK;
        if (e.isFlink() != onFlink) {
            throw new ConflictException("savepoint: " + e.getSnapshotId() + " of job '" + e.getJob()
                    + "' was taken by the " + (e.isFlink() ? "Flink" : "embedded") + " engine and cannot be "
                    + "restored on " + (onFlink ? "Flink" : "the embedded engine") + ": the two engines' savepoint "
                    + "formats differ (no restore across engines); deploy to " + (e.isFlink() ? "flink" : "embedded")
                    + " or start from empty state");
        }
    }

    /** Whether a {@code file:} location holds Flink's {@code _metadata} file. */
    static boolean metadataExists(String location) {
        Optional<Path> dir = localPath(location);
        return dir.isPresent() && Files.isRegularFile(dir.get().resolve("_metadata"));
    }

    /** Deletes the files of a Flink savepoint at a {@code file:} location (others are left to their storage). */
    static void deleteFiles(String location) {
        Optional<Path> dir = localPath(location);
        if (dir.isEmpty() || !Files.exists(dir.get())) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir.get())) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Flink savepoint " + location, e);
        }
    }

    private static Optional<Path> localPath(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(URI.create(location.startsWith("file:///") || !location.startsWith("file://")
                ? location : location.replaceFirst("file://", "file:///"))));
    }
}
