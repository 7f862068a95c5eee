package dev.tally.control.catalog;

import dev.tally.engine.snapshot.Manifest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The savepoint catalog over REST: list (per job and across jobs), pin and unpin, delete, check replayability,
 * reconcile with storage. Errors are problem details: 400 naming the field, 404 for an unknown job or savepoint,
 * 409 for a refused delete (saying why), 503 when Kafka cannot be asked.
 */
@RestController
@Tag(name = "Savepoint catalog")
class CatalogController {

    private final SavepointCatalog catalog;
    private final StorageReconciliation reconciliation;

    CatalogController(SavepointCatalog catalog, StorageReconciliation reconciliation) {
        this.catalog = catalog;
        this.reconciliation = reconciliation;
    }

    /**
     * A row of the catalog. The fields up to {@code maxParallelism} are those of the savepoint list before the
     * catalog existed (null for an entry whose manifest cannot be read).
     *
     * @param id             snapshot id
     * @param createdAt      ISO-8601 instant it was taken
     * @param jobVersion     the job's version that took it
     * @param checkpointId   barrier id
     * @param trigger        why it was taken ({@link SavepointTrigger})
     * @param watermark      combined watermark, epoch ms
     * @param entries        state entries (key, window) in it: the key count
     * @param bytes          size of its data files in bytes
     * @param parent         the snapshot its run was restored from, or null
     * @param parallelism    parallelism of the run that took it
     * @param maxParallelism key groups
     * @param job            the job
     * @param kind           SAVEPOINT or CHECKPOINT
     * @param deploymentId   the deployment that took it, or null
     * @param status         what is known about its files ({@link SavepointStatus})
     * @param problem        why it is CORRUPT or MISSING, else null
     * @param pinned         kept by retention and refused by delete until unpinned
     * @param replayable     whether Kafka still has every saved offset; null when not checked yet
     * @param replayProblem  which partition lost which offsets, when not replayable
     * @param replayCheckedAt when Kafka was last asked, or null
     * @param offsets        per source partition: position (next offset to read), watermark, idle
     * @param engine         the engine that took it: embedded or flink (a savepoint restores only there)
     * @param flinkVersion   the Flink version that took it, else null
     * @param jarSha256      SHA-256 of the Flink job jar that took it, else null
     * @param location       Flink's location of it, else null
     */
    record SavepointView(String id, String createdAt, Integer jobVersion, Long checkpointId, SavepointTrigger trigger,
            Long watermark, Long entries, Long bytes, String parent, Integer parallelism, Integer maxParallelism,
            String job, String kind, Long deploymentId, SavepointStatus status, String problem, boolean pinned,
            Boolean replayable, String replayProblem, String replayCheckedAt, List<Manifest.SourcePartition> offsets,
            String engine, String flinkVersion, String jarSha256, String location) {

        static SavepointView of(CatalogEntry e) {
            return new SavepointView(e.getSnapshotId(), e.getCreatedAt().toString(), e.getJobVersion(),
                    e.getCheckpointId(), e.getTrigger(), e.getWatermark(), e.getKeyCount(), e.getSizeBytes(),
                    e.getParent(), e.getParallelism(), e.getMaxParallelism(), e.getJob(), e.getKind(),
                    e.getDeploymentId(), e.getStatus(), e.getProblem(), e.isPinned(), e.getReplayable(),
                    e.getReplayProblem(), e.getReplayCheckedAt() == null ? null : e.getReplayCheckedAt().toString(),
                    SavepointCatalog.offsets(e), e.getEngine(), e.getFlinkVersion(), e.getJarSha256(),
                    e.getLocation());
        }
    }

    @GetMapping("/api/jobs/{name}/savepoints")
    @Operation(summary = "A job's savepoints (kind=savepoint, the default), retained checkpoints (kind=checkpoint) "
            + "or both (kind=all), newest first",
            description = "Retained checkpoints are the engine's: registered when stored (trigger CHECKPOINT), "
                    + "removed when a newer one subsumes them or the job stops.")
    @ApiResponse(responseCode = "400", description = "kind is not savepoint, checkpoint or all")
    @ApiResponse(responseCode = "404", description = "no such job")
    List<SavepointView> list(@PathVariable String name, @RequestParam(required = false) String kind) {
        return catalog.list(name, kind).stream().map(SavepointView::of).toList();
    }

    @GetMapping("/api/savepoints")
    @Operation(summary = "The catalog of every job, newest first, filtered by job, status "
            + "(VERIFIED, UNVERIFIED, CORRUPT, MISSING) and kind (savepoint, the default; checkpoint; all)")
    @ApiResponse(responseCode = "400", description = "status or kind is not a known one")
    List<SavepointView> all(@RequestParam(required = false) String job,
            @RequestParam(required = false) String status, @RequestParam(required = false) String kind) {
        return catalog.all(job, status, kind).stream().map(SavepointView::of).toList();
    }

    @PutMapping("/api/jobs/{name}/savepoints/{id}/pin")
    @Operation(summary = "Pin a savepoint: retention and delete leave it alone until unpinned")
    @ApiResponse(responseCode = "404", description = "no such job or savepoint")
    SavepointView pin(@PathVariable String name, @PathVariable String id) {
        return SavepointView.of(catalog.pin(name, id, true));
    }

    @DeleteMapping("/api/jobs/{name}/savepoints/{id}/pin")
    @Operation(summary = "Unpin a savepoint")
    @ApiResponse(responseCode = "404", description = "no such job or savepoint")
    SavepointView unpin(@PathVariable String name, @PathVariable String id) {
        return SavepointView.of(catalog.pin(name, id, false));
    }

    @DeleteMapping("/api/jobs/{name}/savepoints/{id}")
    @Operation(summary = "Delete a savepoint: its files, then its row")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "no such job or savepoint")
    @ApiResponse(responseCode = "409", description = "pinned, or needed (by an operation in progress, as the "
            + "rollback point of the latest deployment, or as the latest retained checkpoint a running deployment "
            + "recovers from); nothing changed")
    ResponseEntity<Void> delete(@PathVariable String name, @PathVariable String id) {
        catalog.delete(name, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/jobs/{name}/savepoints/{id}/check")
    @Operation(summary = "Check a savepoint now: read its files back against the manifest (status), then ask "
            + "Kafka whether its saved offsets can still be read (replayable)")
    @ApiResponse(responseCode = "404", description = "no such job or savepoint")
    @ApiResponse(responseCode = "503", description = "Kafka did not answer (the file status is recorded)")
    SavepointView check(@PathVariable String name, @PathVariable String id) {
        return SavepointView.of(catalog.check(name, id));
    }

    @PostMapping("/api/savepoints/reconcile")
    @Operation(summary = "Reconcile the catalog with the storage directory now (as at start-up)")
    StorageReconciliation.Report reconcile() {
        return reconciliation.reconcile();
    }

    @ExceptionHandler
    ProblemDetail kafkaUnavailable(ReplayCheck.KafkaUnavailableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Kafka unavailable");
        return p;
    }
}
