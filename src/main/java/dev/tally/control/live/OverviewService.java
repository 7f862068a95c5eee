package dev.tally.control.live;

import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.CheckpointStats;
import dev.tally.engine.runtime.JobMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * The operations overview: for every job, its deployment's state and the live figures an operator watches
 * (throughput, watermark lag, age of the last checkpoint), sampled once a second by {@link LiveController}.
 * Rates and ages are measured here between samples. Thread-safe.
 */
@Service
public class OverviewService {

    private final JobService jobs;
    private final DeploymentService deployments;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Sample> last = new ConcurrentHashMap<>();

    OverviewService(JobService jobs, DeploymentService deployments) {
        this.jobs = jobs;
        this.deployments = deployments;
    }

    /**
     * One job in the overview.
     *
     * @param job                 job name
     * @param description         the job's description
     * @param latestVersion       newest version of the job
     * @param version             version the deployment runs (or last ran); null if never deployed
     * @param desiredState        what the user asked for; null if never deployed
     * @param status              what the engine reports; null if never deployed
     * @param lastError           why it failed, or a note; null if none
     * @param parallelism         subtasks of the running version; null when not running
     * @param recordsIn           records read by the current run
     * @param recordsPerSecond    records read per second since the previous sample
     * @param watermark           the job's combined watermark in epoch ms; null when not running or none yet
     * @param watermarkLagMs      wall clock minus the watermark, in ms; null when there is no finite watermark
     * @param checkpointMode      EXACTLY_ONCE or AT_LEAST_ONCE when the job takes checkpoints, else null
     * @param checkpoints         checkpoints completed by the current run
     * @param lastCheckpointAgeMs ms since a checkpoint last completed (as seen by the sampler); null if none
     */
    public record JobOverview(String job, String description, int latestVersion, Integer version, String desiredState,
            String status, String lastError, Integer parallelism, long recordsIn, double recordsPerSecond,
            Long watermark, Long watermarkLagMs, String checkpointMode, long checkpoints, Long lastCheckpointAgeMs) {
    }

    /** Every job, by name. */
    public List<JobOverview> overview() {
        long now = clock.millis();
        List<JobOverview> out = new ArrayList<>();
        for (Job job : jobs.all()) {
            Optional<Deployment> d = deployments.deploymentOf(job);
            Optional<RunningJob> run = deployments.running(job.getName());
            JobMetrics.Snapshot m = run.map(RunningJob::metrics).orElse(null);
            CheckpointStats c = run.map(RunningJob::checkpoints).orElse(null);
            Sample s = sample(job.getName(), run.map(RunningJob::runId).orElse(null), m, c, now);
            Long wm = m == null ? null : m.watermark(); // null until the job has a watermark
            Long lag = wm == null || wm == Long.MAX_VALUE || wm == Long.MIN_VALUE ? null : now - wm;
            out.add(new JobOverview(job.getName(), job.getDescription(), jobs.latest(job).getVersion(),
                    d.map(Deployment::getVersion).orElse(null), d.map(x -> x.getDesiredState().name()).orElse(null),
                    d.map(x -> x.getStatus().name()).orElse(null), d.map(Deployment::getLastError).orElse(null),
                    run.map(r -> r.spec().parallelism()).orElse(null), m == null ? 0 : m.recordsIn(), s.rate, wm, lag,
                    c == null || run.get().spec().checkpoints() == null ? null : c.mode(),
                    c == null ? 0 : c.completed(), s.checkpointAt == 0 ? null : now - s.checkpointAt));
        }
        return out;
    }

    /** Updates and returns the job's sample: records-per-second since the last one, when a checkpoint was seen. */
    private Sample sample(String job, String runId, JobMetrics.Snapshot m, CheckpointStats c, long now) {
        Sample prev = last.get(job);
        long records = m == null ? 0 : m.recordsIn();
        long completed = c == null ? 0 : c.completed();
        boolean sameRun = prev != null && runId != null && runId.equals(prev.runId);
        double rate = sameRun && now > prev.at ? (records - prev.records) * 1000.0 / (now - prev.at) : 0;
        long checkpointAt = sameRun && completed == prev.completed ? prev.checkpointAt
                : completed > 0 ? now : 0;
        Sample next = new Sample(runId, now, records, completed, checkpointAt, Math.max(0, rate));
        last.put(job, next);
        return next;
    }

    private record Sample(String runId, long at, long records, long completed, long checkpointAt, double rate) {
    }
}
