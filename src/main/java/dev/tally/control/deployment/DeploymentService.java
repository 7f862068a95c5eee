package dev.tally.control.deployment;

import dev.tally.control.audit.AuditService;
import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.control.job.JobVersion;
import dev.tally.control.metrics.DeploymentMeters;
import dev.tally.engine.Engine;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.spec.JobSpec;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deploys and stops jobs in the embedded engine, and keeps each deployment's observed status in step with
 * the engine. Changes of one deployment are serialized; the database row carries an optimistic lock.
 */
@Service
public class DeploymentService implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final JobService jobs;
    private final DeploymentRepository deployments;
    private final Engine engine;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    /** The version each run in {@link #running} was started with, by run id. */
    private final Map<String, Integer> runVersions = new ConcurrentHashMap<>();
    private final AtomicLong runs = new AtomicLong();
    private final SnapshotStores stores;
    private final Map<String, Long> lastRestart = new ConcurrentHashMap<>();
    private final OperationGuard guard;
    private final Timeline timeline;
    private final AuditService audit;
    private final DeploymentMeters meters;

    private final ObjectProvider<RunListener> listenerBeans;
    private volatile List<RunListener> listeners = List.of();

    DeploymentService(JobService jobs, DeploymentRepository deployments, Engine engine, TransactionTemplate tx,
            SnapshotStores stores, ObjectProvider<RunListener> listeners, OperationGuard guard, Timeline timeline,
            AuditService audit, DeploymentMeters meters) {
        this.audit = audit;
        this.meters = meters;
        this.listenerBeans = listeners;
        this.jobs = jobs;
        this.deployments = deployments;
        this.engine = engine;
        this.tx = tx;
        this.stores = stores;
        this.guard = guard;
        this.timeline = timeline;
    }

    /** Deploys the latest version of a job; 409 if it is already deployed. */
    public synchronized Deployment deploy(String name) {
        return deploy(name, null, Restore.Policy.FAIL);
    }

    /**
     * Deploys the latest version of a job, from a savepoint when {@code savepointId} is set: the savepoint is
     * verified and checked for compatibility (with {@code policy}) before anything changes.
     */
    public synchronized Deployment deploy(String name, String savepointId, Restore.Policy policy) {
        Job job = jobs.find(name);
        guard.refuseIfBusy(name);
        JobVersion version = jobs.latest(job);
        JobSpec spec = JobService.spec(version);
        engine.plan(spec);
        Restore restore = savepointId == null ? null : new Restore(stores.savepoints(name), savepointId, policy);
        if (restore != null) {
            stores.check(name, restore, spec);
        }
        Deployment d = tx.execute(s -> {
            Deployment dep = deployments.findByJob(job).orElseGet(() -> new Deployment(job, version.getVersion(),
                    clock.instant()));
            DeploymentStatus before = dep.getId() == null ? null : dep.getStatus();
            dep.requestRunning(version.getVersion(), clock.instant());
            Deployment saved = deployments.save(dep);
            timeline.observed(saved.getId(), before, saved.getStatus(), "deploy version " + version.getVersion());
            return saved;
        });
        start(name, version.getVersion(), spec, restore);
        return d;
    }

    /** Stops a deployed job; 409 if it is not deployed. */
    public synchronized Deployment stop(String name) throws InterruptedException {
        Job job = jobs.find(name);
        guard.refuseIfBusy(name);
        Deployment d = tx.execute(s -> {
            Deployment dep = deployments.findByJob(job).orElseThrow(
                    () -> new dev.tally.control.web.ConflictException("job '" + name + "' was never deployed"));
            ExternalRuns.refuseUnlessEmbedded(dep, "stop");
            DeploymentStatus before = dep.getStatus();
            dep.requestStop(clock.instant());
            timeline.observed(dep.getId(), before, DeploymentStatus.STOPPED, "stop");
            return deployments.save(dep);
        });
        RunningJob r = running.remove(name);
        if (r != null) {
            r.stop(STOP_TIMEOUT);
            ended(name, r);
        }
        meters.stopped(name);
        if (stores.hasCheckpoints(name)) {
            stores.clearCheckpoints(name); // a user's stop ends the run: the next deploy starts fresh or from a savepoint
        }
        return d;
    }

    /** Starts every deployment whose desired state is RUNNING (after a restart of the service). */
    public synchronized void resumeAll() {
        for (Deployment d : deployments.findByDesiredState(DesiredState.RUNNING)) {
            String name = d.getJob().getName();
            if (d.getTarget() != DeploymentTarget.EMBEDDED) {
                continue; // its runner observes it where it runs
            }
            if (!running.containsKey(name) && !guard.isBusy(name)) { // the reconciler handles operations
                try {
                    start(name, d.getVersion(), specOf(d), stores.checkpointToResume(name, null));
                    tx.executeWithoutResult(s -> deployments.findById(d.getId()).ifPresent(
                            dep -> dep.resumed(clock.instant())));
                } catch (RuntimeException e) {
                    log.warn("Cannot resume {}: {}", name, e.getMessage());
                    tx.executeWithoutResult(s -> observe(d.getId(), DeploymentStatus.FAILED, e.getMessage()));
                }
            }
        }
    }

    private void start(String name, int version, JobSpec spec, Restore restore) {
        String runId = name + "-v" + version + "-" + runs.incrementAndGet();
        JobOptions options = JobOptions.defaults()
                .withSnapshots(spec.checkpoints() == null ? null : stores.checkpoints(name), stores.savepoints(name))
                .withRestore(restore).withIdentity(version, "tally-" + name);
        runVersions.put(runId, version);
        long starting = System.nanoTime();
        RunningJob run = engine.start(runId, spec, options); // restores the snapshot's state before it returns
        if (restore != null) {
            meters.restored(name, Duration.ofNanos(System.nanoTime() - starting));
        }
        running.put(name, run);
        meters.started(name, version, run);
        // forget the versions of runs that ended (start is only called under this service's lock)
        runVersions.keySet().retainAll(running.values().stream().map(RunningJob::runId).toList());
        log.info("Started job {} version {} as run {}{}", name, version, runId,
                restore == null ? "" : " from snapshot " + restore.id());
    }

    /** Takes a savepoint of a running job; with {@code stop} (or {@code drain}) the deployment stops after it. */
    public String savepoint(String name, boolean drain, boolean stop) throws Exception {
        guard.refuseIfBusy(name);
        RunningJob job = running(name).orElseThrow(
                () -> new dev.tally.control.web.ConflictException("job '" + name + "' is not running"));
        String id;
        try {
            id = savepointOf(name, job, drain, stop).get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new dev.tally.control.web.ConflictException("savepoint of '" + name + "' failed: "
                    + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new dev.tally.control.web.ConflictException("savepoint of '" + name + "' did not complete in 5 minutes");
        }
        if (drain || stop) {
            stop(name);
        }
        return id;
    }

    /** Takes a savepoint of {@code run}, the run of job {@code name}, timing it for the savepoint meter. */
    java.util.concurrent.CompletableFuture<String> savepointOf(String name, RunningJob run, boolean drain,
            boolean stop) {
        long started = System.nanoTime();
        return run.savepoint(drain, stop).whenComplete((id, e) -> {
            if (e == null) {
                meters.savepointTaken(name, Duration.ofNanos(System.nanoTime() - started));
            }
        });
    }

    public Optional<Deployment> deploymentOf(Job job) {
        return deployments.findByJob(job);
    }

    /**
     * What actually runs for a job: the version and parallelism of its run in the engine, and the run's state.
     *
     * @param version     the job version the run was started with
     * @param parallelism the run's parallelism
     * @param state       the engine's state of the run
     */
    public record ObservedRun(int version, int parallelism, JobState state) {
    }

    /** The job's run as observed in the engine (empty when nothing runs for it). */
    public Optional<ObservedRun> observedRun(String name) {
        return running(name).flatMap(r -> Optional.ofNullable(runVersions.get(r.runId()))
                .map(v -> new ObservedRun(v, r.spec().parallelism(), r.state())));
    }

    /** The job's run in the engine, if it is running there. */
    public Optional<RunningJob> running(String name) {
        return Optional.ofNullable(running.get(name));
    }

    /**
     * Copies the engine's view of each running job into its deployment's observed status, and restarts a run
     * that died (failed, or stopped without the user asking) from its latest checkpoint, at most every 5 s.
     */
    @Scheduled(fixedDelay = 1000)
    public synchronized void observeAll() {
        running.forEach((name, job) -> {
            if (guard.isBusy(name)) {
                return; // an operation owns the observed status until it ends
            }
            DeploymentStatus status = switch (job.state()) {
                case STARTING -> DeploymentStatus.STARTING;
                case RUNNING -> DeploymentStatus.RUNNING;
                case FAILED -> DeploymentStatus.FAILED;
                case FINISHED -> DeploymentStatus.FINISHED;
                case STOPPED -> DeploymentStatus.STOPPED;
            };
            String error = job.state() == JobState.RUNNING ? null : job.error();
            deployments.findByJob(jobs.find(name)).ifPresent(
                    d -> tx.executeWithoutResult(s -> observe(d.getId(), status, error)));
        });
        restartDied();
    }

    private void restartDied() {
        long now = clock.millis();
        for (Map.Entry<String, RunningJob> e : Map.copyOf(running).entrySet()) {
            RunningJob job = e.getValue();
            boolean died = job.state() == JobState.FAILED || job.state() == JobState.STOPPED;
            if (!died || guard.isBusy(e.getKey()) || now - lastRestart.getOrDefault(e.getKey(), 0L) < 5000) {
                continue;
            }
            Restore latest;
            try {
                latest = stores.checkpointToResume(e.getKey(), null);
            } catch (RuntimeException ex) {
                refuseRestart(e.getKey(), ex);
                continue;
            }
            if (latest == null) {
                continue;
            }
            deployments.findByJob(jobs.find(e.getKey())).filter(d -> d.getDesiredState() == DesiredState.RUNNING)
                    .ifPresent(d -> {
                        lastRestart.put(e.getKey(), now);
                        log.warn("Run of {} died ({}); restarting from checkpoint {}", e.getKey(), job.error(),
                                latest.id());
                        ended(e.getKey(), job);
                        String target = "/api/jobs/" + e.getKey();
                        try {
                            start(e.getKey(), d.getVersion(), specOf(d), latest);
                            audit.record(AuditService.SYSTEM, "restart", target, "checkpoint=" + latest.id(), 200,
                                    "the run died (" + job.error() + "); restarted from its newest checkpoint");
                        } catch (RuntimeException ex) {
                            log.warn("Cannot restart {}: {}", e.getKey(), ex.getMessage());
                            audit.record(AuditService.SYSTEM, "restart", target, "checkpoint=" + latest.id(), 500,
                                    ex.getMessage());
                        }
                    });
        }
    }

    /** A died run cannot be restarted (for example its newest checkpoint cannot be read): FAILED, saying why. */
    private void refuseRestart(String name, RuntimeException why) {
        RunningJob died = running.remove(name);
        if (died != null) {
            meters.ended(name, died);
        }
        log.error("Cannot restart {}: {}", name, why.getMessage());
        audit.record(AuditService.SYSTEM, "restart", "/api/jobs/" + name, "", 409, why.getMessage());
        deployments.findByJob(jobs.find(name)).ifPresent(
                d -> tx.executeWithoutResult(s -> observe(d.getId(), DeploymentStatus.FAILED, why.getMessage())));
    }

    /**
     * Starts a deployment that should run but does not (it failed, or could not be resumed) from a checkpoint:
     * the newest, or the one named. Naming one is an explicit rollback: newer and unreadable checkpoints are set
     * aside (kept, never deleted) and the choice is logged.
     *
     * @param checkpoint a checkpoint id, or null for the newest
     * @throws dev.tally.control.web.ConflictException when the job is running or its deployment is not meant to
     *                                                 run
     * @throws dev.tally.engine.snapshot.SnapshotException when the newest checkpoint cannot be read (nothing
     *                                                     named) or the named one is not a readable checkpoint
     */
    public synchronized Deployment resume(String name, String checkpoint) {
        Job job = jobs.find(name);
        Deployment d = deployments.findByJob(job).orElseThrow(
                () -> new dev.tally.control.web.ConflictException("job '" + name + "' was never deployed"));
        ExternalRuns.refuseUnlessEmbedded(d, "resume");
        guard.refuseIfBusy(name);
        RunningJob current = running.get(name);
        if (current != null && (current.state() == JobState.STARTING || current.state() == JobState.RUNNING)) {
            throw new dev.tally.control.web.ConflictException("job '" + name + "' is running");
        }
        if (d.getDesiredState() != DesiredState.RUNNING) {
            throw new dev.tally.control.web.ConflictException("job '" + name + "' was stopped: deploy it instead");
        }
        JobSpec spec = specOf(d);
        Restore restore = stores.checkpointToResume(name, checkpoint);
        if (checkpoint != null) {
            log.warn("Resuming {} from checkpoint {} as the user chose", name, checkpoint);
        }
        start(name, d.getVersion(), spec, restore);
        return d;
    }

    private void observe(long deploymentId, DeploymentStatus status, String error) {
        deployments.findById(deploymentId).ifPresent(d -> {
            DeploymentStatus before = d.getStatus();
            d.observe(status, error, clock.instant());
            if (before != status) {
                timeline.observed(deploymentId, before, status, error);
            }
        });
    }

    /** The spec a deployment runs: its version's, at the parallelism a rescale asked for (if any). */
    JobSpec specOf(Deployment d) {
        return withParallelism(JobService.spec(jobs.version(d.getJob(), d.getVersion())), d.getParallelism());
    }

    static JobSpec withParallelism(JobSpec spec, Integer parallelism) {
        return parallelism == null || parallelism == spec.parallelism() ? spec : spec.withParallelism(parallelism);
    }

    /** For operations: starts a run of {@code version} (spec at its parallelism) from {@code restore}. */
    synchronized RunningJob startRun(String name, int version, JobSpec spec, Restore restore) {
        start(name, version, spec, restore);
        return running.get(name);
    }

    /** For operations: takes the job's run out of the service's care (the caller stops it); null if none. */
    synchronized RunningJob detachRun(String name) {
        RunningJob run = running.remove(name);
        if (run != null) {
            meters.ended(name, run); // the operation stops it and starts another (which registers its own)
        }
        return run;
    }

    /** Resolves the run listeners once, so that they are at hand when the service shuts down. */
    @Override
    public void afterSingletonsInstantiated() {
        listeners = listenerBeans.orderedStream().toList();
    }

    /** The runs in the engine by job name (a copy). */
    public Map<String, RunningJob> runs() {
        return Map.copyOf(running);
    }

    private void ended(String name, RunningJob run) {
        meters.ended(name, run);
        for (RunListener l : listeners) {
            try {
                l.ended(name, run);
            } catch (RuntimeException e) {
                log.warn("After the run of {} ended: {}", name, e.toString());
            }
        }
    }

    @PreDestroy
    synchronized void stopAll() throws InterruptedException {
        for (Map.Entry<String, RunningJob> e : running.entrySet()) {
            e.getValue().stop(STOP_TIMEOUT);
            ended(e.getKey(), e.getValue());
        }
        running.clear();
    }
}
