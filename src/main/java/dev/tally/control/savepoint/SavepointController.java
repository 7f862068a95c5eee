package dev.tally.control.savepoint;

import dev.tally.control.catalog.SavepointCatalog;
import dev.tally.control.catalog.SavepointTrigger;
import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.job.JobService;
import dev.tally.control.query.StateEntryView;
import dev.tally.control.system.LimitsProperties;
import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.SavepointReader;
import dev.tally.engine.snapshot.SpecCheck;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecJson;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Savepoints of a job: take (registered in the catalog at once), inspect (compatibility with the latest version,
 * state inside). The list is the catalog's ({@code dev.tally.control.catalog}).
 */
@RestController
@RequestMapping("/api/jobs/{name}/savepoints")
class SavepointController {

    private final JobService jobs;
    private final DeploymentService deployments;
    private final SnapshotStores stores;
    private final SavepointCatalog catalog;
    private final int maxKeys;

    SavepointController(JobService jobs, DeploymentService deployments, SnapshotStores stores,
            SavepointCatalog catalog, LimitsProperties limits) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.stores = stores;
        this.catalog = catalog;
        this.maxKeys = limits.maxKeysPerQuery();
    }

    /** What to do when taking a savepoint (absent fields are false). */
    record Request(Boolean drain, Boolean stop) {
    }

    /** A savepoint in the catalog. */
    record SavepointView(String id, String createdAt, int jobVersion, long checkpointId, String trigger,
            long watermark, long entries, long bytes, String parent, int parallelism, int maxParallelism) {

        static SavepointView of(String id, Manifest m) {
            return new SavepointView(id, m.createdAt(), m.jobVersion(), m.checkpointId(), m.trigger(), m.watermark(),
                    m.entries(), m.bytes(), m.parent(), m.parallelism(), m.maxParallelism());
        }
    }

    /** A savepoint with its compatibility against the job's latest version. */
    record SavepointDetail(SavepointView savepoint, Compatibility.Report compatibility) {
    }

    @PostMapping
    ResponseEntity<SavepointView> take(@PathVariable String name, @RequestBody(required = false) Request request)
            throws Exception {
        jobs.find(name);
        boolean drain = request != null && Boolean.TRUE.equals(request.drain());
        boolean stop = request != null && Boolean.TRUE.equals(request.stop());
        String id = deployments.savepoint(name, drain, stop);
        catalog.register(name, id, drain ? SavepointTrigger.DRAIN : stop ? SavepointTrigger.SUSPEND
                : SavepointTrigger.MANUAL, deployments.deploymentOf(jobs.find(name)).map(Deployment::getId).orElse(null));
        SavepointView view = SavepointView.of(id, stores.savepoint(name, id).manifest());
        return ResponseEntity.created(URI.create("/api/jobs/" + name + "/savepoints/" + id)).body(view);
    }

    @GetMapping("/{id}")
    SavepointDetail get(@PathVariable String name, @PathVariable String id) {
        var spec = JobService.spec(jobs.latest(jobs.find(name)));
        var snapshot = stores.savepoint(name, id);
        return new SavepointDetail(SavepointView.of(id, snapshot.manifest()), SpecCheck.report(snapshot, spec));
    }

    /**
     * The state of {@code key} in the window starting at {@code windowStart}, or up to {@code limit} entries
     * (1 to {@code tally.limits.max-keys-per-query}, else 400 naming {@code limit}).
     */
    @GetMapping("/{id}/state")
    List<StateEntryView> state(@PathVariable String name, @PathVariable String id,
            @RequestParam(required = false) String key, @RequestParam(required = false) Long windowStart,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > maxKeys) {
            throw new IllegalArgumentException("limit: must be between 1 and " + maxKeys
                    + " (tally.limits.max-keys-per-query)");
        }
        jobs.find(name);
        var snapshot = stores.savepoint(name, id);
        JobSpec taker = SpecJson.read(snapshot.manifest().specJson());
        SavepointReader reader = new SavepointReader(snapshot);
        if (key != null && windowStart != null) {
            return reader.value(key, windowStart).map(e -> StateEntryView.of(taker, e)).map(List::of).orElse(List.of());
        }
        List<StateEntryView> out = new ArrayList<>();
        reader.forEach(e -> {
            if (out.size() < limit && (key == null || key.equals(e.key()))) {
                out.add(StateEntryView.of(taker, e));
            }
        });
        return out;
    }
}
