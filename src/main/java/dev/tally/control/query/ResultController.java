package dev.tally.control.query;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.job.JobService;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.CheckpointStats;
import dev.tally.engine.runtime.DeadLetter;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.runtime.LateElement;
import dev.tally.engine.spec.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Live results, counters and dead letters of a running job, read from the engine. */
@RestController
@RequestMapping("/api/jobs/{name}")
class ResultController {

    private final JobService jobs;
    private final DeploymentService deployments;
    private final ResultHistory history;

    ResultController(JobService jobs, DeploymentService deployments, ResultHistory history) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.history = history;
    }

    /** Counters of the job's current run. */
    record Metrics(long recordsIn, long recordsFiltered, long deadLetters, Map<String, Long> deadLettersByReason,
            long lateDropped, long resultsEmitted) {
    }

    /** Latest results of a job. */
    record Results(String job, Long watermark, List<String> aggregates, Metrics metrics, List<ResultRow> results,
            CheckpointStats checkpoints) {
    }

    /**
     * The latest result of every key in the {@code windows} most recent fired windows, newest first: the running
     * run's, over the results the job's earlier runs produced (kept across stop, restore and restart).
     */
    @GetMapping("/results")
    Results results(@PathVariable String name, @RequestParam(defaultValue = "6") int windows) {
        if (windows < 1 || windows > 1000) {
            throw new IllegalArgumentException("windows: must be between 1 and 1000");
        }
        jobs.find(name);
        Optional<RunningJob> run = deployments.running(name);
        if (run.isEmpty()) {
            JobSpec spec = JobService.spec(jobs.latest(jobs.find(name)));
            return new Results(name, null, spec.aggregateNames(), new Metrics(0, 0, 0, Map.of(), 0, 0),
                    ResultHistory.merge(history.kept(name), List.of(), windows, Integer.MAX_VALUE), null);
        }
        JobSpec running = run.get().spec();
        JobMetrics.Snapshot m = run.get().metrics();
        Map<String, Long> byReason = new LinkedHashMap<>();
        m.deadLettersByReason().forEach((r, n) -> byReason.put(r.name(), n));
        List<ResultRow> live = run.get().results().latest(windows).stream().map(r -> ResultRow.of(running, r)).toList();
        List<ResultRow> rows = ResultHistory.merge(history.kept(name), live, windows, Integer.MAX_VALUE);
        return new Results(name, m.watermark(), running.aggregateNames(), new Metrics(m.recordsIn(),
                m.recordsFiltered(), m.deadLetters(), byReason, m.lateDropped(), m.resultsEmitted()), rows,
                checkpoints(running, run.get().checkpoints()));
    }

    /**
     * The run's checkpoint figures; mode NONE for a job without checkpoints (the engine reports the consistency of
     * its savepoints, which are aligned, as EXACTLY_ONCE).
     */
    private static CheckpointStats checkpoints(JobSpec spec, CheckpointStats s) {
        if (spec.checkpoints() != null || s == null) {
            return s;
        }
        return new CheckpointStats(s.completed(), s.failed(), s.lastId(), s.lastDurationMs(), s.lastBytes(),
                s.lastEntries(), s.restoredFrom(), "NONE");
    }

    /** The most recent records that went to the dead-letter output, with their reasons. */
    @GetMapping("/dead-letters")
    List<DeadLetter> deadLetters(@PathVariable String name) {
        jobs.find(name);
        return deployments.running(name).map(RunningJob::deadLetters).orElse(List.of());
    }

    /** The most recent elements dropped as late, when the job has a late output. */
    @GetMapping("/late")
    List<LateElement> late(@PathVariable String name) {
        jobs.find(name);
        return deployments.running(name).map(RunningJob::late).orElse(List.of());
    }
}
