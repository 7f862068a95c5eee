package dev.tally.control.deployment;

import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.control.job.JobVersion;
import dev.tally.engine.Engine;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.spec.JobSpec;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deploys and stops jobs in the embedded engine, and keeps each deployment's observed status in step with
 * the engine. Changes of one deployment are serialized; the database row carries an optimistic lock.
 */
@Service
public class DeploymentService {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final JobService jobs;
    private final DeploymentRepository deployments;
    private final Engine engine;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private final AtomicLong runs = new AtomicLong();

    DeploymentService(JobService jobs, DeploymentRepository deployments, Engine engine, TransactionTemplate tx) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.engine = engine;
        this.tx = tx;
    }

    /** Deploys the latest version of a job; 409 if it is already deployed. */
    public synchronized Deployment deploy(String name) {
        Job job = jobs.find(name);
        JobVersion version = jobs.latest(job);
        JobSpec spec = JobService.spec(version);
        engine.plan(spec);
        Deployment d = tx.execute(s -> {
            Deployment dep = deployments.findByJob(job).orElseGet(() -> new Deployment(job, version.getVersion(),
                    clock.instant()));
            dep.requestRunning(version.getVersion(), clock.instant());
            return deployments.save(dep);
        });
        start(name, version.getVersion(), spec);
        return d;
    }

    /** Stops a deployed job; 409 if it is not deployed. */
    public synchronized Deployment stop(String name) throws InterruptedException {
        Job job = jobs.find(name);
        Deployment d = tx.execute(s -> {
            Deployment dep = deployments.findByJob(job).orElseThrow(
                    () -> new dev.tally.control.web.ConflictException("job '" + name + "' was never deployed"));
            dep.requestStop(clock.instant());
            return deployments.save(dep);
        });
        RunningJob r = running.remove(name);
        if (r != null) {
            r.stop(STOP_TIMEOUT);
        }
        return d;
    }

    /** Starts every deployment whose desired state is RUNNING (after a restart of the service). */
    public synchronized void resumeAll() {
        for (Deployment d : deployments.findByDesiredState(DesiredState.RUNNING)) {
            String name = d.getJob().getName();
            if (!running.containsKey(name)) {
                JobVersion version = jobs.version(d.getJob(), d.getVersion());
                try {
                    start(name, d.getVersion(), JobService.spec(version));
                } catch (RuntimeException e) {
                    log.warn("Cannot resume {}: {}", name, e.getMessage());
                    tx.executeWithoutResult(s -> observe(d.getId(), DeploymentStatus.FAILED, e.getMessage()));
                }
            }
        }
    }

    private void start(String name, int version, JobSpec spec) {
        String runId = name + "-v" + version + "-" + runs.incrementAndGet();
        running.put(name, engine.start(runId, spec));
        log.info("Started job {} version {} as run {}", name, version, runId);
    }

    public Optional<Deployment> deploymentOf(Job job) {
        return deployments.findByJob(job);
    }

    /** The job's run in the engine, if it is running there. */
    public Optional<RunningJob> running(String name) {
        return Optional.ofNullable(running.get(name));
    }

    /** Copies the engine's view of each running job into its deployment's observed status. */
    @Scheduled(fixedDelay = 1000)
    public synchronized void observeAll() {
        running.forEach((name, job) -> {
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
    }

    private void observe(long deploymentId, DeploymentStatus status, String error) {
        deployments.findById(deploymentId).ifPresent(d -> d.observe(status, error, clock.instant()));
    }

    @PreDestroy
    synchronized void stopAll() throws InterruptedException {
        for (RunningJob r : running.values()) {
            r.stop(STOP_TIMEOUT);
        }
        running.clear();
    }
}
