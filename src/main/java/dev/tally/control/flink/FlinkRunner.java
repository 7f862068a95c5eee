package dev.tally.control.flink;

import dev.tally.control.catalog.CatalogEntry;
import dev.tally.control.catalog.FlinkSavepoints;
import dev.tally.control.catalog.SavepointTrigger;
import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.DeploymentStatus;
import dev.tally.control.deployment.DeploymentTarget;
import dev.tally.control.deployment.DesiredState;
import dev.tally.control.deployment.ExternalRunner;
import dev.tally.control.deployment.ExternalRuns;
import dev.tally.control.deployment.OperationKind;
import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.control.job.JobVersion;
import dev.tally.control.system.KafkaConnection;
import dev.tally.control.system.TallyProperties;
import dev.tally.control.web.ConflictException;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.spec.FlinkCompatibility;
import dev.tally.engine.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs deployments with target {@code flink} on the configured Flink cluster through its REST API: deploy (after
 * the spec's {@link FlinkCompatibility} report; UNSUPPORTED is refused with the reasons), savepoint, stop with
 * savepoint (with or without drain), stop and cancel, upgrade to another version from a savepoint (rolled back to
 * the previous version from the same savepoint when the new one does not start), rescale (stop with savepoint,
 * run at the new parallelism). The job is {@code flink-job}'s shaded jar, uploaded once per content hash. Every
 * savepoint lands in the catalog ({@link FlinkSavepoints}) with its lineage. Operations on one job are serialized
 * by the deployments' operation lock and complete within the request. Thread-safe.
 */
@Service
public class FlinkRunner implements ExternalRunner {

    private static final Logger log = LoggerFactory.getLogger(FlinkRunner.class);
    static final String ENTRY_CLASS = "dev.tally.flink.TallyFlinkJob";
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private final JobService jobs;
    private final ExternalRuns runs;
    private final FlinkSavepoints savepoints;
    private final FlinkCluster cluster;
    private final String bootstrapServers;
    private final String workDir;
    /** The uploaded jar: content hash and the cluster's jar id (null until the first run). */
    private volatile String[] jar;

    FlinkRunner(JobService jobs, ExternalRuns runs, FlinkSavepoints savepoints, FlinkCluster cluster,
            KafkaConnection kafka, TallyProperties tally) {
        this.jobs = jobs;
        this.runs = runs;
        this.savepoints = savepoints;
        this.cluster = cluster;
        this.bootstrapServers = kafka.bootstrapServers();
        this.workDir = tally.workPath().toString();
    }

    @Override
    public DeploymentTarget target() {
        return DeploymentTarget.FLINK;
    }

    /** The version and parallelism of the deployment's Flink job while Flink runs it (Flink's parallelism). */
    @Override
    public Optional<DeploymentService.ObservedRun> observed(Deployment d) {
        if (d.getFlinkJobId() == null || d.getDesiredState() != DesiredState.RUNNING || cluster.client().isEmpty()) {
            return Optional.empty();
        }
        try {
            FlinkRestClient.JobDetails j = cluster.client().get().job(d.getFlinkJobId());
            return "RUNNING".equals(j.state()) ? Optional.of(
                    new DeploymentService.ObservedRun(d.getVersion(), j.parallelism(),
                            j.tasksRunning() ? JobState.RUNNING
                                    : JobState.STARTING)) : Optional.empty();
        } catch (FlinkException e) {
            return Optional.empty(); // the status says why (FlinkObserver); nothing observed here
        }
    }

    /** The compatibility report of the job's latest version (what deploying it to Flink would run). */
    public FlinkCompatibility.Report compatibility(String name) {
        return FlinkCompatibility.check(JobService.spec(jobs.latest(jobs.find(name))));
    }

    /**
     * Deploys the job's latest version to Flink, from a Flink savepoint of the catalog when {@code savepoint} is
     * set.
     *
     * @throws UnsupportedOnFlinkException when the spec has a feature Flink cannot run
     * @throws ConflictException when no cluster is configured, the job already runs, the job jar is missing, or
     *                           the savepoint was taken by the embedded engine
     */
    @Override
    public Deployment deploy(String name, String savepoint) {
        Job job = jobs.find(name);
        JobVersion version = jobs.latest(job);
        JobSpec spec = checked(version);
        FlinkRestClient client = cluster.require();
        CatalogEntry from = savepoint == null ? null : savepoints.restorable(name, savepoint);
        runs.of(job).filter(d -> d.getDesiredState() == DesiredState.RUNNING).ifPresent(d -> {
            throw new ConflictException("job '" + name + "' is already deployed (version " + d.getVersion()
                    + ", " + d.getTarget().name().toLowerCase(java.util.Locale.ROOT) + "); stop it first");
        });
        runs.lock(name, OperationKind.RESUME);
        try {
            String flinkJob = run(client, name, version, spec.parallelism(), from);
            return runs.started(job, version.getVersion(), DeploymentTarget.FLINK, flinkJob, null,
                    from == null ? null : from.getSnapshotId(), "deploy version " + version.getVersion()
                            + " to Flink as job " + flinkJob + (from == null ? "" : " from " + from.getSnapshotId()));
        } finally {
            runs.unlock(name);
        }
    }

    /**
     * Takes a savepoint of the running Flink job and registers it in the catalog (trigger MANUAL).
     *
     * @throws ConflictException when the job does not run on Flink
     * @throws FlinkException when Flink refuses or the savepoint fails
     */
    public CatalogEntry savepoint(String name) throws InterruptedException {
        Deployment d = onFlink(name);
        runs.lock(name, OperationKind.SUSPEND);
        try {
            FlinkRestClient client = cluster.require();
            String trigger = FlinkRestClient.newId();
            retrying(() -> {
                client.triggerSavepoint(d.getFlinkJobId(), savepointDir(name), trigger);
                return null;
            });
            String location = client.awaitSavepoint(d.getFlinkJobId(), trigger, SAVEPOINT_TIMEOUT);
            CatalogEntry e = register(name, d, location, SavepointTrigger.MANUAL, parallelismOf(d));
            runs.note(d.getId(), "SAVEPOINT_TAKEN", "savepoint " + e.getSnapshotId() + " taken on Flink");
            return e;
        } finally {
            runs.unlock(name);
        }
    }

    /**
     * Stops the Flink job with a savepoint: desired SUSPENDED, or with {@code drain} (every window fires first)
     * STOPPED.
     *
     * @return the savepoint's catalog row (trigger SUSPEND or DRAIN)
     */
    public CatalogEntry stopWithSavepoint(String name, boolean drain) throws InterruptedException {
        Deployment d = onFlink(name);
        runs.lock(name, drain ? OperationKind.DRAIN : OperationKind.SUSPEND);
        try {
            runs.operate(d.getId(), DeploymentStatus.SAVEPOINTING, "OPERATION_STARTED",
                    "stop with savepoint" + (drain ? " and drain" : "") + " on Flink");
            CatalogEntry e = stopAndRegister(name, d, drain, drain ? SavepointTrigger.DRAIN : SavepointTrigger.SUSPEND);
            runs.settle(d.getId(), drain ? DesiredState.STOPPED : DesiredState.SUSPENDED,
                    drain ? DeploymentStatus.STOPPED : DeploymentStatus.SUSPENDED, d.getVersion(), d.getParallelism(),
                    d.getRestoredFrom(), d.getFlinkJobId(), null, "stopped with savepoint " + e.getSnapshotId());
            return e;
        } catch (RuntimeException e) {
            runs.settle(d.getId(), d.getDesiredState(), DeploymentStatus.RUNNING, d.getVersion(), d.getParallelism(),
                    d.getRestoredFrom(), d.getFlinkJobId(), e.getMessage(), "stop with savepoint failed; still running");
            throw e;
        } finally {
            runs.unlock(name);
        }
    }

    /** Stops the Flink job without a savepoint (cancel); desired STOPPED. */
    @Override
    public Deployment stop(String name) {
        return cancel(name, DesiredState.STOPPED, DeploymentStatus.STOPPED);
    }

    /** Cancels the Flink job (no savepoint); desired CANCELLED. */
    public Deployment cancel(String name) {
        return cancel(name, DesiredState.CANCELLED, DeploymentStatus.CANCELLED);
    }

    private Deployment cancel(String name, DesiredState desired, DeploymentStatus status) {
        Deployment d = deployment(name);
        if (d.getDesiredState() != DesiredState.RUNNING) {
            throw new ConflictException("job '" + name + "' is not running (desired " + d.getDesiredState() + ")");
        }
        runs.lock(name, OperationKind.CANCEL);
        try {
            FlinkRestClient client = cluster.require();
            String state = client.job(d.getFlinkJobId()).state();
            if (!List.of("CANCELED", "FINISHED", "FAILED").contains(state)) {
                client.cancel(d.getFlinkJobId());
            }
            return runs.settle(d.getId(), desired, status, d.getVersion(), d.getParallelism(), d.getRestoredFrom(),
                    d.getFlinkJobId(), null, "Flink job " + d.getFlinkJobId() + " cancelled");
        } finally {
            runs.unlock(name);
        }
    }

    /**
     * Upgrades the running Flink job to {@code version}: stop with savepoint (no drain), run the new version from
     * it. When the new version does not reach RUNNING, the previous version is run again from the same savepoint
     * (rollback) and the upgrade fails with the reason.
     *
     * @throws UnsupportedOnFlinkException when the new version has a feature Flink cannot run (nothing changes)
     */
    public Deployment upgrade(String name, int version) throws InterruptedException {
        Deployment d = onFlink(name);
        JobVersion target = jobs.version(d.getJob(), version);
        JobSpec spec = checked(target);
        return swap(name, d, OperationKind.UPGRADE, target, spec.parallelism(), null,
                "upgrade from version " + d.getVersion() + " to " + version);
    }

    /**
     * Rescales the running Flink job: stop with savepoint, run the same version at {@code parallelism} from it
     * (rolled back to the previous parallelism when it does not start).
     *
     * @throws IllegalArgumentException naming {@code parallelism} when it is below 1 or above max parallelism
     */
    public Deployment rescale(String name, int parallelism) throws InterruptedException {
        Deployment d = onFlink(name);
        JobVersion current = jobs.version(d.getJob(), d.getVersion());
        int max = JobService.spec(current).maxParallelism();
        if (parallelism < 1 || parallelism > max) {
            throw new IllegalArgumentException("parallelism: must be between 1 and the max parallelism " + max);
        }
        return swap(name, d, OperationKind.RESCALE, current, parallelism, parallelism,
                "rescale from " + parallelismOf(d) + " to " + parallelism);
    }

    private Deployment swap(String name, Deployment d, OperationKind kind, JobVersion next, int parallelism,
            Integer asked, String what) throws InterruptedException {
        FlinkRestClient client = cluster.require();
        runs.lock(name, kind);
        try {
            runs.operate(d.getId(), kind == OperationKind.UPGRADE ? DeploymentStatus.UPGRADING
                    : DeploymentStatus.RESCALING, "OPERATION_STARTED", what + " on Flink");
            CatalogEntry sp;
            try {
                sp = stopAndRegister(name, d, false, kind == OperationKind.UPGRADE ? SavepointTrigger.UPGRADE
                        : SavepointTrigger.RESCALE);
            } catch (RuntimeException e) {
                runs.settle(d.getId(), DesiredState.RUNNING, DeploymentStatus.RUNNING, d.getVersion(),
                        d.getParallelism(), d.getRestoredFrom(), d.getFlinkJobId(), e.getMessage(),
                        what + " failed before stopping: still running");
                throw e;
            }
            String flinkJob = null;
            try {
                flinkJob = run(client, name, next, parallelism, sp);
                awaitRunning(client, flinkJob);
                return runs.settle(d.getId(), DesiredState.RUNNING, DeploymentStatus.RUNNING, next.getVersion(), asked,
                        sp.getSnapshotId(), flinkJob, null, what + " succeeded: Flink job " + flinkJob + " from "
                                + sp.getSnapshotId());
            } catch (RuntimeException e) {
                log.warn("{} of {} on Flink failed, rolling back: {}", what, name, e.getMessage());
                if (flinkJob != null) {
                    cancelQuietly(client, flinkJob, e);
                }
                JobVersion previous = jobs.version(d.getJob(), d.getVersion());
                String back = run(client, name, previous, parallelismOf(d), sp);
                runs.settle(d.getId(), DesiredState.RUNNING, DeploymentStatus.STARTING, d.getVersion(),
                        d.getParallelism(), sp.getSnapshotId(), back, what + " failed: " + e.getMessage(),
                        "rolled back to version " + d.getVersion() + " from " + sp.getSnapshotId());
                throw new ConflictException(what + " of '" + name + "' failed and was rolled back to version "
                        + d.getVersion() + " from savepoint " + sp.getSnapshotId() + ": " + e.getMessage());
            }
        } finally {
            runs.unlock(name);
        }
    }

    private void cancelQuietly(FlinkRestClient client, String flinkJob, RuntimeException cause) {
        try {
            client.cancel(flinkJob);
        } catch (FlinkException e) {
            cause.addSuppressed(e); // the job may already have failed; the rollback goes on
        }
    }

    /** Stops the deployment's Flink job with a savepoint and registers the savepoint. */
    private CatalogEntry stopAndRegister(String name, Deployment d, boolean drain, SavepointTrigger why)
            throws InterruptedException {
        FlinkRestClient client = cluster.require();
        String trigger = FlinkRestClient.newId();
        retrying(() -> {
            client.stopWithSavepoint(d.getFlinkJobId(), savepointDir(name), drain, trigger);
            return null;
        });
        String location = client.awaitSavepoint(d.getFlinkJobId(), trigger, SAVEPOINT_TIMEOUT);
        CatalogEntry e = register(name, d, location, why, parallelismOf(d));
        runs.note(d.getId(), "SAVEPOINT_TAKEN", "stopped Flink job " + d.getFlinkJobId() + " with savepoint "
                + e.getSnapshotId() + (drain ? " (drained)" : ""));
        return e;
    }

    private CatalogEntry register(String name, Deployment d, String location, SavepointTrigger why,
            int parallelism) {
        JobSpec spec = JobService.spec(jobs.version(d.getJob(), d.getVersion()));
        return savepoints.register(name, new FlinkSavepoints.Taken(location, why, d.getId(), d.getVersion(),
                d.getRestoredFrom(), parallelism, spec.maxParallelism(), cluster.require().flinkVersion(),
                jar()[0]));
    }

    /** Uploads the jar if needed and runs a version; the new Flink job's id. */
    private String run(FlinkRestClient client, String name, JobVersion version, int parallelism,
            CatalogEntry from) {
        String[] j = jar();
        String jobId = FlinkRestClient.newId();
        List<String> args = List.of("--spec", Base64.getEncoder().encodeToString(
                withParallelism(version.getSpecJson(), parallelism).getBytes(StandardCharsets.UTF_8)), "--tally-job", name,
                "--bootstrap-servers", bootstrapServers, "--work-dir", workDir);
        String started = client.run(j[1], new FlinkRestClient.Run(ENTRY_CLASS, args, parallelism,
                from == null ? null : from.getLocation(), jobId));
        log.info("Running job {} version {} on Flink as {} (parallelism {}{})", name, version.getVersion(), started,
                parallelism, from == null ? "" : ", from " + from.getSnapshotId());
        return started;
    }

    /**
     * The spec with its {@code parallelism} set: the job sets its parallelism from the spec (which wins over the
     * run request's), so a rescaled run gets a spec saying so. Max parallelism stays the spec's.
     */
    static String withParallelism(String specJson, int parallelism) {
        tools.jackson.databind.node.ObjectNode spec = (tools.jackson.databind.node.ObjectNode) JSON.readTree(specJson);
        spec.put("parallelism", parallelism);
        return spec.toString();
    }

    /** The jar's hash and the cluster's id of it, uploading it the first time (or after the cluster lost it). */
    private synchronized String[] jar() {
        FlinkRestClient client = cluster.require();
        if (!Files.isRegularFile(cluster.jobJar())) {
            throw new ConflictException("target: the Flink job jar " + cluster.jobJar().getFileName()
                    + " is missing; build it with ./mvnw -f flink-job/pom.xml package (or set tally.flink.job-jar)");
        }
        String sha = FlinkRestClient.sha256(cluster.jobJar());
        if (jar == null || !jar[0].equals(sha)) {
            jar = new String[] {sha, client.uploadOnce(cluster.jobJar(), sha)};
        }
        return jar;
    }

    /** Waits until every task of the Flink job runs; throws Flink's state when it fails or does not start. */
    private void awaitRunning(FlinkRestClient client, String flinkJob) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            FlinkRestClient.JobDetails j = client.job(flinkJob);
            if ("RUNNING".equals(j.state()) && j.tasksRunning()) {
                return;
            }
            if (List.of("FAILED", "FAILING", "CANCELED", "RESTARTING").contains(j.state())) {
                throw new FlinkException("Flink job " + flinkJob + " is " + j.state() + ": " + client.rootException(
                        flinkJob));
            }
            Thread.sleep(200); // Flink's REST API offers polling only
        }
        throw new FlinkException("Flink job " + flinkJob + " did not start within " + START_TIMEOUT);
    }

    private JobSpec checked(JobVersion version) {
        JobSpec spec = JobService.spec(version);
        FlinkCompatibility.Report report = FlinkCompatibility.check(spec);
        if (!report.runnable()) {
            throw new UnsupportedOnFlinkException(version.getJob().getName(), version.getVersion(), report);
        }
        return spec;
    }

    /** The deployment running on Flink; 409 when it does not. */
    private Deployment onFlink(String name) {
        Deployment d = deployment(name);
        if (d.getDesiredState() != DesiredState.RUNNING || d.getFlinkJobId() == null) {
            throw new ConflictException("job '" + name + "' is not running on Flink (desired " + d.getDesiredState()
                    + ", status " + d.getStatus() + ")");
        }
        return d;
    }

    /** The job's deployment on Flink; 409 when it was never deployed or runs on the embedded engine. */
    Deployment deployment(String name) {
        Deployment d = runs.of(jobs.find(name)).orElseThrow(
                () -> new ConflictException("job '" + name + "' was never deployed"));
        if (d.getTarget() != DeploymentTarget.FLINK) {
            throw new ConflictException("job '" + name + "' runs on the embedded engine, not on Flink");
        }
        return d;
    }

    private int parallelismOf(Deployment d) {
        return d.getParallelism() != null ? d.getParallelism()
                : JobService.spec(jobs.version(d.getJob(), d.getVersion())).parallelism();
    }

    private String savepointDir(String name) {
        return cluster.savepointDir().resolve(name).toUri().toString();
    }

    /**
     * Sends a request again when Flink did not answer (no HTTP status): the operations retried carry a
     * client-chosen trigger id, so Flink does not start them twice.
     */
    private static <T> T retrying(Supplier<T> call) {
        try {
            return call.get();
        } catch (FlinkException e) {
            if (e.status() != 0) {
                throw e;
            }
            log.warn("Flink did not answer ({}); sending the same request again", e.getMessage());
            return call.get();
        }
    }
}
