package dev.tally.control.flink;

import dev.tally.control.catalog.CatalogEntry;
import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentView;
import dev.tally.engine.spec.FlinkCompatibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deployments on Flink: the cluster, a job's compatibility report and Flink status, and its operations
 * (savepoint, stop with savepoint with or without drain, cancel, upgrade, rescale), each completing within the
 * request. Deploy and stop are the deployment endpoints' ({@code POST /api/jobs/{name}/deploy?target=flink},
 * {@code POST /api/jobs/{name}/stop}). Errors are problem details: 400 naming the field, 404 unknown job or
 * version, 409 not runnable on Flink (with {@code features}) or a conflicting request, 502 Flink refused.
 */
@RestController
@Tag(name = "Flink")
class FlinkController {

    private static final List<String> METRICS = List.of("numRestarts", "uptime", "lastCheckpointDuration",
            "lastCheckpointSize");

    private final FlinkRunner runner;
    private final FlinkCluster cluster;
    private final FlinkProperties properties;

    FlinkController(FlinkRunner runner, FlinkCluster cluster, FlinkProperties properties) {
        this.runner = runner;
        this.cluster = cluster;
        this.properties = properties;
    }

    /**
     * The Flink cluster deployments with target flink run on.
     *
     * @param configured   whether one is configured
     * @param embedded     whether it runs in this service's JVM
     * @param url          its REST endpoint, or null
     * @param flinkVersion its Flink version, or null when none is configured or it does not answer
     * @param jobJar       the job jar's file name
     * @param jobJarFound  whether the job jar exists
     * @param unavailable  why the cluster could not be asked for its version, else null
     */
    record ClusterView(boolean configured, boolean embedded, String url, String flinkVersion, String jobJar,
            boolean jobJarFound, String unavailable) {
    }

    @GetMapping("/api/flink")
    @Operation(summary = "The Flink cluster (embedded or by URL), its version, and whether the job jar is there")
    ClusterView cluster() {
        String version = null;
        String unavailable = null;
        if (cluster.client().isPresent()) {
            try {
                version = cluster.client().get().flinkVersion();
            } catch (FlinkException e) {
                unavailable = e.getMessage();
            }
        }
        return new ClusterView(cluster.client().isPresent(), properties.embedded(),
                cluster.client().map(c -> c.base().toString()).orElse(null), version,
                cluster.jobJar().getFileName().toString(), Files.isRegularFile(cluster.jobJar()), unavailable);
    }

    @GetMapping("/api/jobs/{name}/flink/compatibility")
    @Operation(summary = "Each feature of the latest version's spec: SUPPORTED, APPROXIMATE (with the difference) "
            + "or UNSUPPORTED on Flink; a spec with an UNSUPPORTED feature is refused")
    FlinkCompatibility.Report compatibility(@PathVariable String name) {
        return runner.compatibility(name);
    }

    /**
     * A deployment on Flink as Flink reports it.
     *
     * @param deployment  the deployment (target, Flink job id, desired state, observed status)
     * @param state       Flink's job state (RUNNING, FINISHED…), or null when Flink cannot be asked
     * @param parallelism the Flink job's parallelism, or null
     * @param checkpoints completed, failed and restored checkpoint counts, or null
     * @param metrics     job metrics (numRestarts, uptime ms, lastCheckpointDuration ms, lastCheckpointSize bytes)
     * @param unavailable why Flink could not be asked, else null
     */
    record FlinkJobView(DeploymentView deployment, String state, Integer parallelism,
            FlinkRestClient.CheckpointCounts checkpoints, Map<String, String> metrics, String unavailable) {
    }

    @GetMapping("/api/jobs/{name}/flink")
    @Operation(summary = "The job's deployment on Flink with Flink's state, parallelism, checkpoint counts, metrics")
    FlinkJobView status(@PathVariable String name) {
        Deployment d = runner.deployment(name);
        DeploymentView view = DeploymentView.of(d);
        if (d.getFlinkJobId() == null) {
            return new FlinkJobView(view, null, null, null, Map.of(), "no Flink job yet");
        }
        try {
            FlinkRestClient c = cluster.require();
            FlinkRestClient.JobDetails j = c.job(d.getFlinkJobId());
            return new FlinkJobView(view, j.state(), j.parallelism(), c.checkpoints(d.getFlinkJobId()),
                    c.metrics(d.getFlinkJobId(), METRICS), null);
        } catch (FlinkException | dev.tally.control.web.ConflictException e) {
            return new FlinkJobView(view, null, null, null, Map.of(), e.getMessage());
        }
    }

    /**
     * A savepoint Flink took, as the catalog has it.
     *
     * @param id           its catalog id (the savepoint directory's name)
     * @param location     Flink's location
     * @param trigger      why it was taken
     * @param jobVersion   the version that ran
     * @param parent       the savepoint the run was restored from, or null
     * @param flinkVersion the Flink version
     * @param jarSha256    the job jar's SHA-256
     */
    record SavepointView(String id, String location, String trigger, Integer jobVersion, String parent,
            String flinkVersion, String jarSha256) {

        static SavepointView of(CatalogEntry e) {
            return new SavepointView(e.getSnapshotId(), e.getLocation(), e.getTrigger().name(), e.getJobVersion(),
                    e.getParent(), e.getFlinkVersion(), e.getJarSha256());
        }
    }

    @PostMapping("/api/jobs/{name}/flink/savepoint")
    @Operation(summary = "Take a savepoint of the Flink job; registered in the catalog with engine flink")
    SavepointView savepoint(@PathVariable String name) throws InterruptedException {
        return SavepointView.of(runner.savepoint(name));
    }

    /** @param drain fire every window first (a final stop; desired STOPPED instead of SUSPENDED) */
    record StopRequest(Boolean drain) {
    }

    @PostMapping("/api/jobs/{name}/flink/stop")
    @Operation(summary = "Stop the Flink job with a savepoint (drain: fire every window first)")
    SavepointView stop(@PathVariable String name, @RequestBody(required = false) StopRequest body)
            throws InterruptedException {
        return SavepointView.of(runner.stopWithSavepoint(name, body != null && Boolean.TRUE.equals(body.drain())));
    }

    @PostMapping("/api/jobs/{name}/flink/cancel")
    @Operation(summary = "Cancel the Flink job without a savepoint")
    DeploymentView cancel(@PathVariable String name) {
        return DeploymentView.of(runner.cancel(name));
    }

    /** @param version the version to run (required) */
    record UpgradeRequest(Integer version) {
    }

    @PostMapping("/api/jobs/{name}/flink/upgrade")
    @Operation(summary = "Upgrade: stop with savepoint, run the version from it (rolled back when it does not start)")
    DeploymentView upgrade(@PathVariable String name, @RequestBody(required = false) UpgradeRequest body)
            throws InterruptedException {
        if (body == null || body.version() == null) {
            throw new IllegalArgumentException("version: required");
        }
        if (body.version() < 1) {
            throw new IllegalArgumentException("version: must be 1 or more");
        }
        return DeploymentView.of(runner.upgrade(name, body.version()));
    }

    /** @param parallelism the new parallelism, 1..max parallelism (required) */
    record RescaleRequest(Integer parallelism) {
    }

    @PostMapping("/api/jobs/{name}/flink/rescale")
    @Operation(summary = "Rescale: stop with savepoint, run at the new parallelism from it")
    DeploymentView rescale(@PathVariable String name, @RequestBody(required = false) RescaleRequest body)
            throws InterruptedException {
        if (body == null || body.parallelism() == null) {
            throw new IllegalArgumentException("parallelism: required");
        }
        return DeploymentView.of(runner.rescale(name, body.parallelism()));
    }
}
