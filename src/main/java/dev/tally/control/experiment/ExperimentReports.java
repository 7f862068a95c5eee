package dev.tally.control.experiment;

import dev.tally.control.audit.AuditService;
import dev.tally.control.compare.ComparisonReport;
import dev.tally.control.compare.ComparisonStore;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobState;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps experiments' comparison reports current: every second, both sides' watermarks go to the comparison (which
 * folds the windows both have closed) and each side's figures are sampled; every 5 s, and when an experiment ends,
 * its report is stored ({@link ComparisonStore}, owner kind {@code experiment}), so a finished experiment's report
 * stays readable. A run b that fails marks its experiment FAILED (audited as {@code system}); its outputs stay
 * until it is aborted. Experiments left RUNNING by a service that stopped are marked FAILED at start-up. Thread-safe.
 */
@Service
public class ExperimentReports {

    private static final Logger log = LoggerFactory.getLogger(ExperimentReports.class);
    /** Refreshes between two stored reports. */
    private static final int SAVE_EVERY = 5;

    private final LiveExperiments live;
    private final DeploymentService deployments;
    private final ExperimentRepository experiments;
    private final ComparisonStore reports;
    private final AuditService audit;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();
    private long ticks;

    ExperimentReports(LiveExperiments live, DeploymentService deployments, ExperimentRepository experiments,
            ComparisonStore reports, AuditService audit, TransactionTemplate tx) {
        this.live = live;
        this.deployments = deployments;
        this.experiments = experiments;
        this.reports = reports;
        this.audit = audit;
        this.tx = tx;
    }

    /** The report of an experiment: live while it runs, else the stored one (empty if it never had one). */
    public Optional<ComparisonReport> report(Experiment e) {
        Optional<ExperimentRun> run = live.of(e.getJob().getName()).filter(r -> r.id() == e.getId());
        if (run.isPresent()) {
            return Optional.of(run.get().comparison().report());
        }
        return reports.find("experiment", e.getId());
    }

    /** The running experiment's run, if it runs here. */
    Optional<ExperimentRun> run(Experiment e) {
        return live.of(e.getJob().getName()).filter(r -> r.id() == e.getId());
    }

    /** Refreshes every running experiment (see the class comment). */
    @Scheduled(fixedDelay = 1000)
    public synchronized void refresh() {
        boolean save = ++ticks % SAVE_EVERY == 0;
        long now = clock.millis();
        for (ExperimentRun run : live.all()) {
            RunningJob b = run.run();
            if (run.id() == 0 || b == null) {
                continue; // being started
            }
            run.refresh(deployments.running(run.job()).orElse(null), now);
            JobState state = b.state();
            if (state == JobState.FAILED || state == JobState.STOPPED || state == JobState.FINISHED) {
                fail(run, "version b's run is " + state + (b.error() == null ? "" : ": " + b.error()));
            } else if (save) {
                reports.save("experiment", run.id(), run.comparison().report());
            }
        }
    }

    private void fail(ExperimentRun run, String why) {
        if (!run.claimEnd()) {
            return; // promoted or aborted meanwhile: that stopped b
        }
        run.untap();
        reports.save("experiment", run.id(), run.comparison().report());
        live.remove(run.job());
        tx.executeWithoutResult(s -> experiments.findById(run.id()).filter(e -> e.getState() == ExperimentState.RUNNING)
                .ifPresent(e -> e.failed(why + "; abort it to remove its outputs", clock.instant())));
        audit.record(AuditService.SYSTEM, "experiment.failed", ExperimentService.target(run.job(), run.id()), "", 500,
                why);
        log.warn("Experiment {} of {} failed: {}", run.id(), run.job(), why);
    }

    /** Experiments a stopped service left RUNNING have no run any more: FAILED, saying so. */
    @EventListener(ApplicationReadyEvent.class)
    public void orphaned() {
        for (Experiment e : experiments.findByStateOrderByIdDesc(ExperimentState.RUNNING)) {
            if (run(e).isEmpty()) {
                String why = "the service stopped while it ran; abort it to remove its outputs";
                tx.executeWithoutResult(s -> experiments.findById(e.getId()).orElseThrow().failed(why, clock.instant()));
                audit.record(AuditService.SYSTEM, "experiment.failed",
                        ExperimentService.target(e.getJob().getName(), e.getId()), "", 500, why);
            }
        }
    }

    /** Stops b's runs when the service stops, keeping their reports (the experiments are marked at next start). */
    @PreDestroy
    synchronized void stopAll() throws InterruptedException {
        for (ExperimentRun run : live.all()) {
            run.untap();
            if (run.run() != null) {
                run.run().stop(ExperimentService.STOP_TIMEOUT);
            }
            if (run.id() != 0) {
                reports.save("experiment", run.id(), run.comparison().report());
            }
        }
    }
}
