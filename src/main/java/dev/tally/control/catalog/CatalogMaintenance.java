package dev.tally.control.catalog;

import dev.tally.control.audit.AuditService;
import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.job.JobService;
import dev.tally.engine.runtime.JobState;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The catalog's own work, on one thread of its own (so that a savepoint that takes minutes never holds up the
 * service's other scheduled work): at start-up, reconciliation with the storage directory; every
 * {@code tally.catalog.tick}, periodic savepoints of running deployments whose job has an interval (as the Flink
 * Kubernetes operator's {@code periodic.savepoint.interval}, counted from the newer of the job's last savepoint
 * and the deployment's start), registered as PERIODIC; every {@code tally.catalog.maintenance-interval},
 * retention for every job and the replayability check of saved Kafka offsets. A failed pass is logged and in the
 * audit log, and the next one runs as planned.
 */
@Component
class CatalogMaintenance implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogMaintenance.class);

    private final SavepointCatalog catalog;
    private final StorageReconciliation reconciliation;
    private final DeploymentService deployments;
    private final JobService jobs;
    private final AuditService audit;
    private final CatalogProperties props;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Instant> lastAttempt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "savepoint-catalog");
        t.setDaemon(true);
        return t;
    });

    CatalogMaintenance(SavepointCatalog catalog, StorageReconciliation reconciliation, DeploymentService deployments,
            JobService jobs, AuditService audit, CatalogProperties props) {
        this.catalog = catalog;
        this.reconciliation = reconciliation;
        this.deployments = deployments;
        this.jobs = jobs;
        this.audit = audit;
        this.props = props;
    }

    @Override
    public void run(ApplicationArguments args) {
        reconciliation.reconcile();
        long tick = props.tick().toMillis();
        long maintenance = props.maintenanceInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> guarded("periodic savepoints", this::periodicSavepoints), tick, tick,
                TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> guarded("maintenance", this::maintain), maintenance, maintenance,
                TimeUnit.MILLISECONDS);
    }

    private void guarded(String what, Runnable pass) {
        try {
            pass.run();
        } catch (RuntimeException e) {
            log.error("Savepoint catalog: {} failed: {}", what, e.getMessage(), e);
            audit.record(AuditService.SYSTEM, what, "/api/savepoints", "", 500, e.getMessage());
        }
    }

    /** Retention for every job, then the replayability of every savepoint of a Kafka source. */
    void maintain() {
        catalog.applyAllRetention();
        catalog.checkAllReplayable();
    }

    /** Takes the periodic savepoints that are due. */
    void periodicSavepoints() {
        Instant now = clock.instant();
        for (SavepointSettings s : catalog.periodic()) {
            String job = s.getJob();
            boolean running = deployments.running(job).map(r -> r.state() == JobState.RUNNING).orElse(false);
            Optional<Deployment> deployment = deployments.deploymentOf(jobs.find(job));
            if (!running || deployment.isEmpty()) {
                continue;
            }
            Instant last = latest(deployment.get().getStartedAt(), lastAttempt.get(job));
            for (CatalogEntry e : catalog.list(job)) {
                if ("SAVEPOINT".equals(e.getKind()) && e.getTrigger() != SavepointTrigger.IMPORTED) {
                    last = latest(last, e.getCreatedAt());
                    break;
                }
            }
            if (last != null && now.isBefore(last.plus(s.getPeriodicInterval()))) {
                continue;
            }
            lastAttempt.put(job, now);
            take(job, deployment.get().getId());
        }
    }

    private void take(String job, long deploymentId) {
        try {
            String id = deployments.savepoint(job, false, false);
            catalog.register(job, id, SavepointTrigger.PERIODIC, deploymentId);
            audit.record(AuditService.SYSTEM, "savepoint", "/api/jobs/" + job + "/savepoints/" + id, "trigger=PERIODIC",
                    201, null);
        } catch (Exception e) {
            log.warn("Periodic savepoint of {} failed: {}", job, e.getMessage());
            audit.record(AuditService.SYSTEM, "savepoint", "/api/jobs/" + job + "/savepoints", "trigger=PERIODIC", 500,
                    "periodic savepoint failed: " + e.getMessage());
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
