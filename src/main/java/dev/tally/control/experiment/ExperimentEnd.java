package dev.tally.control.experiment;

import dev.tally.control.audit.AuditService;
import dev.tally.control.compare.ComparisonStore;
import dev.tally.control.deployment.DeploymentOperation;
import dev.tally.control.deployment.HealthGate;
import dev.tally.control.deployment.Operations;
import dev.tally.control.web.NotFoundException;
import dev.tally.engine.Engine;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.SpecConfinement;
import dev.tally.engine.snapshot.Restore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Ends experiments. <b>Promote</b>: after the upgrade's dry run passed (a refused promote changes nothing), b's
 * run stops, its report is stored, its outputs go, and deployment A is upgraded to b by the existing upgrade
 * operation (savepoint of A, stop, b restored from that savepoint, health gate, rollback on failure): windows
 * open at that savepoint are emitted by b, the earlier ones were by a, so A's outputs get every window exactly
 * once. <b>Abort</b>: b stops, its report is stored, its Kafka topics are deleted, its result table cleared and its
 * snapshots removed; A is not touched. Both are recorded in the audit log with what was done. Thread-safe (one
 * experiment per job; the entity's optimistic lock settles races).
 */
@Service
public class ExperimentEnd {

    private static final Logger log = LoggerFactory.getLogger(ExperimentEnd.class);

    private final ExperimentService starter;
    private final ExperimentRepository experiments;
    private final LiveExperiments live;
    private final Operations operations;
    private final ComparisonStore reports;
    private final AuditService audit;
    private final Engine engine;
    private final dev.tally.control.job.JobService jobs;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    ExperimentEnd(ExperimentService starter, ExperimentRepository experiments, LiveExperiments live,
            Operations operations, ComparisonStore reports, AuditService audit, Engine engine,
            dev.tally.control.job.JobService jobs, TransactionTemplate tx) {
        this.jobs = jobs;
        this.starter = starter;
        this.experiments = experiments;
        this.live = live;
        this.operations = operations;
        this.reports = reports;
        this.audit = audit;
        this.engine = engine;
        this.tx = tx;
    }

    /** An experiment of the job; 404 when the job has none with that id. */
    public Experiment get(String name, long id) {
        return experiments.findById(id).filter(e -> e.getJob().getName().equals(name))
                .orElseThrow(() -> new NotFoundException("job '" + name + "' has no experiment " + id));
    }

    /**
     * Promotes a running experiment: A is upgraded to b (operation in the background, see the class comment).
     *
     * @return the experiment, PROMOTED, naming the upgrade operation
     * @throws dev.tally.control.web.ConflictException when it is not running, or the upgrade is refused (then
     *                                                 nothing changed: b runs on)
     */
    public Experiment promote(String name, long id, HealthGate gate, String principal) {
        Experiment e = get(name, id);
        if (e.getState() != ExperimentState.RUNNING) {
            throw new dev.tally.control.web.ConflictException("experiment " + id + " of job '" + name + "' is "
                    + e.getState() + "; only a running experiment can be promoted");
        }
        live.promoting(name, true);
        try {
            operations.planUpgrade(name, e.getVersion(), Restore.Policy.FAIL, null, gate); // refuses, changing nothing
            List<String> done = stopRun(name, e);
            DeploymentOperation op;
            try {
                op = operations.upgrade(name, e.getVersion(), Restore.Policy.FAIL, null, gate, principal);
            } catch (RuntimeException ex) { // A changed between the dry run and now: b is gone, A runs on as it was
                String why = String.join("; ", done) + "; but the upgrade was refused: " + ex.getMessage();
                tx.executeWithoutResult(s -> experiments.findById(id).orElseThrow().failed(why, clock.instant()));
                audit.record(principal, "experiment.promoted", ExperimentService.target(name, id), "", 409, why);
                throw ex;
            }
            String outcome = String.join("; ", done) + "; deployment upgraded to version " + e.getVersion()
                    + " by operation " + op.getId() + " (savepoint of version " + e.getBaseVersion()
                    + ", restore, health gate " + gate.describe() + ")";
            Experiment out = tx.execute(s -> {
                Experiment x = experiments.findById(id).orElseThrow();
                x.promoted(op.getId(), outcome, clock.instant());
                return x;
            });
            audit.record(principal, "experiment.promoted", ExperimentService.target(name, id),
                    "version=" + e.getVersion() + "&operation=" + op.getId(), 200, outcome);
            return out;
        } finally {
            live.promoting(name, false);
        }
    }

    /**
     * Aborts an experiment that runs (or failed): b stops, its outputs and snapshots are removed, A untouched.
     *
     * @return the experiment, ABORTED, saying what was removed
     * @throws dev.tally.control.web.ConflictException when it was already promoted or aborted
     */
    public Experiment abort(String name, long id, String principal) {
        Experiment e = get(name, id);
        if (e.getState() != ExperimentState.RUNNING && e.getState() != ExperimentState.FAILED) {
            throw new dev.tally.control.web.ConflictException("experiment " + id + " of job '" + name + "' is "
                    + e.getState() + "; nothing to abort");
        }
        List<String> done = stopRun(name, e);
        String outcome = String.join("; ", done);
        Experiment out = tx.execute(s -> {
            Experiment x = experiments.findById(id).orElseThrow();
            x.abortFailed(outcome, clock.instant());
            return x;
        });
        audit.record(principal, "experiment.aborted", ExperimentService.target(name, id), "", 200, outcome);
        return out;
    }

    /**
     * Stops b's run (if it runs here), stores its last report, deletes its topics, clears its result table and
     * removes its snapshots; A untouched.
     *
     * @return what was done, in words
     */
    private List<String> stopRun(String name, Experiment e) {
        List<String> done = new ArrayList<>();
        ExperimentRun run = live.of(name).filter(r -> r.id() == e.getId()).orElse(null);
        if (run != null && !run.claimEnd()) {
            throw new dev.tally.control.web.ConflictException("experiment " + e.getId() + " of job '" + name
                    + "' is ending already (its run failed, or another request ends it)");
        }
        if (run != null) {
            run.untap();
            RunningJob b = run.run();
            if (b != null) {
                try {
                    b.stop(ExperimentService.STOP_TIMEOUT);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while stopping experiment " + e.getId(), ex);
                }
                b.results().clear();
                done.add("stopped version " + e.getVersion() + "'s run and cleared its result table");
            }
            reports.save("experiment", e.getId(), run.comparison().report());
            live.remove(name);
        }
        String bootstrap = SpecConfinement.bootstrap(
                dev.tally.control.job.JobService.spec(jobs.version(e.getJob(), e.getVersion())), engine.config());
        List<String> deleted = ExperimentOutputs.delete(bootstrap, e.getOutputTopics());
        done.add(deleted.isEmpty() ? "no Kafka topic to delete" : "deleted Kafka topics " + deleted);
        try {
            FileSystemUtils.deleteRecursively(starter.runDir(name, e.getId()));
            starter.forks(name).delete(e.getRestoredFrom());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot remove experiment " + e.getId() + "'s snapshots", ex);
        }
        done.add("removed its snapshots");
        log.info("Experiment {} of {} ended: {}", e.getId(), name, done);
        return done;
    }
}
