package dev.tally.control.experiment;

import dev.tally.control.audit.AuditService;
import dev.tally.control.catalog.SavepointCatalog;
import dev.tally.control.catalog.SavepointTrigger;
import dev.tally.control.compare.Comparison;
import dev.tally.control.compare.Side;
import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.DesiredState;
import dev.tally.control.deployment.OperationGuard;
import dev.tally.control.deployment.ResultTaps;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.control.system.TallyProperties;
import dev.tally.control.web.ConflictException;
import dev.tally.engine.Engine;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.Snapshot;
import dev.tally.engine.snapshot.SnapshotException;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.snapshot.SpecCheck;
import dev.tally.engine.spec.JobSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts A/B experiments: version b of a job run from a savepoint of its running deployment A (taken now, or
 * chosen from the catalog), straight in the engine (not as a deployment), on the same input with its own source
 * positions (the savepoint's offsets: Tally's Kafka readers use no consumer group), into outputs of its own
 * ({@link ExperimentOutputs}), with snapshot stores of its own under {@code <data>/experiments/<job>/}. A's results
 * reach the comparison through a {@link ResultTaps tap} on A's runs, b's through its run's listener. Everything
 * that can refuse the request is checked before the first side effect. Promote and abort are in
 * {@link ExperimentEnd}; the report's refresh in {@link ExperimentReports}. Thread-safe.
 */
@Service
public class ExperimentService {

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);

    private final JobService jobs;
    private final DeploymentService deployments;
    private final OperationGuard guard;
    private final SnapshotStores stores;
    private final SavepointCatalog catalog;
    private final Engine engine;
    private final ResultTaps taps;
    private final ExperimentRepository experiments;
    private final LiveExperiments live;
    private final TransactionTemplate tx;
    private final AuditService audit;
    private final Path root;
    private final Clock clock = Clock.systemUTC();

    ExperimentService(JobService jobs, DeploymentService deployments, OperationGuard guard, SnapshotStores stores,
            SavepointCatalog catalog, Engine engine, ResultTaps taps, ExperimentRepository experiments,
            LiveExperiments live, TransactionTemplate tx, AuditService audit, TallyProperties props) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.guard = guard;
        this.stores = stores;
        this.catalog = catalog;
        this.engine = engine;
        this.taps = taps;
        this.experiments = experiments;
        this.live = live;
        this.tx = tx;
        this.audit = audit;
        this.root = props.dataPath().resolve("experiments");
    }

    /** What a new experiment compares: A's run and spec, b's spec (at A's parallelism). */
    private record Checked(Job job, Deployment deployment, RunningJob runA, int baseVersion, JobSpec specB) {
    }

    /**
     * Starts an experiment of {@code version} against the job's running deployment.
     *
     * @param savepoint a savepoint of the job in the catalog to start b from, or null to take one of A now
     * @return the running experiment
     * @throws dev.tally.control.web.NotFoundException when the job, the version or the savepoint does not exist
     * @throws IllegalArgumentException naming {@code version} (b cannot use the state, or computes other
     *                                  aggregates) or {@code savepoint} (not replayable, unreadable)
     * @throws ConflictException when A is not running, an operation on it is in progress, or an experiment already
     *                           runs for the job
     */
    public Experiment start(String name, int version, String savepoint, String principal) {
        Checked c = check(name, version, savepoint);
        JobSpec specA = c.runA().spec();
        long lateness = specA.allowedLateness() == null ? 0 : specA.allowedLateness().toMillis();
        ExperimentRun run = new ExperimentRun(name, new Comparison(specA.aggregateNames(), lateness));
        if (!live.reserve(name, run)) {
            throw new ConflictException(alreadyRunning(name));
        }
        Experiment saved = null;
        try {
            // tap A before the savepoint: every result A emits after it reaches the comparison
            run.tapped(taps.tap(name, r -> run.accept(Side.A, r)));
            String savepointId = savepoint != null ? savepoint : takeSavepoint(name, c.deployment());
            // a subtask ahead of the others may have fired a window before the tap (or before its barrier): only
            // windows after every subtask's watermark now were fired entirely after the tap, and by b from state
            long firedBefore = highestWatermark(c.runA());
            Snapshot sp = stores.savepoint(name, savepointId);
            refuseIncompatible(sp, c.specB(), version, savepointId);
            long compareFrom = Math.max(sp.manifest().watermark(), firedBefore);
            String fork = SavepointFork.copyWithoutPendingOutputs(sp, forks(name));
            saved = tx.execute(s -> {
                Experiment e = experiments.save(new Experiment(c.job(), c.baseVersion(), version, savepointId,
                        savepoint == null, fork, compareFrom, principal, clock.instant()));
                e.isolate(ExperimentOutputs.of(c.specB(), e.getId()));
                return experiments.save(e);
            });
            run.identify(saved.getId(), savepointId);
            run.open(compareFrom);
            long id = saved.getId();
            JobSpec isolated = ExperimentOutputs.isolate(c.specB(), id);
            JobOptions options = JobOptions.defaults()
                    .withSnapshots(isolated.checkpoints() == null ? null : checkpoints(name, id), savepoints(name, id))
                    .withRestore(new Restore(forks(name), fork, Restore.Policy.FAIL))
                    .withIdentity(version, saved.getTransactionalId())
                    .withListener(r -> run.accept(Side.B, r));
            run.started(engine.start("experiment-" + id + "-" + name, isolated, options));
            log.info("Started experiment {} of {}: version {} against version {} from savepoint {}", id, name,
                    version, c.baseVersion(), savepointId);
            return saved;
        } catch (RuntimeException e) {
            run.untap();
            live.remove(name);
            if (saved != null) {
                long id = saved.getId();
                tx.executeWithoutResult(s -> experiments.findById(id).ifPresent(x -> x.failed(
                        "b could not start: " + e.getMessage(), clock.instant())));
                audit.record(AuditService.SYSTEM, "experiment.failed", target(name, id), "", 500, e.getMessage());
            }
            throw e;
        }
    }

    /** Every check of {@link #start}, without side effects. */
    private Checked check(String name, int version, String savepoint) {
        Job job = jobs.find(name);
        JobSpec raw = JobService.spec(jobs.version(job, version));
        live.of(name).ifPresent(r -> {
            throw new ConflictException(alreadyRunning(name));
        });
        Deployment d = deployments.deploymentOf(job)
                .orElseThrow(() -> new ConflictException("job '" + name + "' was never deployed: nothing to compare"
                        + " with"));
        guard.refuseIfBusy(name);
        RunningJob runA = deployments.running(name).orElse(null);
        if (d.getDesiredState() != DesiredState.RUNNING || runA == null || runA.state() != JobState.RUNNING) {
            throw new ConflictException("job '" + name + "' is not running (desired " + d.getDesiredState()
                    + ", status " + d.getStatus() + "): an experiment compares a version with the running deployment");
        }
        int baseVersion = deployments.observedRun(name).map(DeploymentService.ObservedRun::version)
                .orElse(d.getVersion());
        Integer parallelism = d.getParallelism();
        JobSpec specB = parallelism == null ? raw : raw.withParallelism(parallelism);
        engine.plan(specB);
        if (!specB.aggregateNames().equals(runA.spec().aggregateNames())) {
            throw new IllegalArgumentException("version: version " + version + " computes " + specB.aggregateNames()
                    + ", the deployment " + runA.spec().aggregateNames() + "; an experiment compares the same "
                    + "aggregates");
        }
        if (savepoint != null) {
            try {
                catalog.requireReplayable(name, savepoint);
            } catch (SnapshotException e) {
                throw new IllegalArgumentException("savepoint: " + e.getMessage());
            }
            refuseIncompatible(stores.savepoint(name, savepoint), specB, version, savepoint);
        } else {
            Compatibility.Report report = Compatibility.check(runA.spec(), specB);
            if (!report.compatible()) {
                throw new IllegalArgumentException("version: version " + version + " cannot use the state of the "
                        + "running version " + baseVersion + ": " + report.problems());
            }
        }
        return new Checked(job, d, runA, baseVersion, specB);
    }

    private static void refuseIncompatible(Snapshot sp, JobSpec specB, int version, String id) {
        if (sp.manifest().maxParallelism() != specB.maxParallelism()) {
            throw new IllegalArgumentException("version: version " + version + " has max parallelism "
                    + specB.maxParallelism() + "; savepoint " + id + " was taken with " + sp.manifest().maxParallelism());
        }
        Compatibility.Report report = SpecCheck.report(sp, specB);
        if (!report.compatible()) {
            throw new IllegalArgumentException("version: version " + version + " cannot use the state of savepoint "
                    + id + ": " + report.problems());
        }
    }

    /** Takes a savepoint of A (A runs on) and registers it in the catalog. */
    private String takeSavepoint(String name, Deployment d) {
        RunningJob runA = deployments.running(name)
                .orElseThrow(() -> new ConflictException("job '" + name + "' stopped before its savepoint"));
        String id;
        try {
            id = runA.savepoint(false, false).get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new ConflictException("savepoint of '" + name + "' failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ConflictException("savepoint of '" + name + "' did not complete in 5 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted while taking a savepoint of '" + name + "'");
        }
        catalog.register(name, id, SavepointTrigger.MANUAL, d.getId());
        return id;
    }

    /** The highest watermark of the run's subtasks ({@link Long#MIN_VALUE} before the first). */
    private static long highestWatermark(RunningJob run) {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < run.counters().subtasks(); i++) {
            max = Math.max(max, run.counters().watermark(i));
        }
        return max;
    }

    private static String alreadyRunning(String name) {
        return "job '" + name + "' already has a running experiment; promote or abort it first";
    }

    static String target(String name, long id) {
        return "/api/jobs/" + name + "/experiments/" + id;
    }

    /** Where b restores from: copies of A's savepoints without A's pending outputs. */
    SnapshotStore forks(String job) {
        return new FileSnapshotStore(root.resolve(job).resolve("restore"));
    }

    SnapshotStore checkpoints(String job, long id) {
        return new FileSnapshotStore(runDir(job, id).resolve("checkpoints"));
    }

    SnapshotStore savepoints(String job, long id) {
        return new FileSnapshotStore(runDir(job, id).resolve("savepoints"));
    }

    /** b's own snapshot directory. */
    Path runDir(String job, long id) {
        return root.resolve(job).resolve(String.valueOf(id));
    }

    /** The deadline b's run gets to stop. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
}
