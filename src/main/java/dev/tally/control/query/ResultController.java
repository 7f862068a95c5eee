package dev.tally.control.query;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.job.JobService;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.CheckpointStats;
import dev.tally.engine.runtime.DeadLetter;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.runtime.LateElement;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
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

    ResultController(JobService jobs, DeploymentService deployments) {
        this.jobs = jobs;
        this.deployments = deployments;
    }

    /** One result row. */
    record ResultRow(String key, long windowStart, long windowEnd, Map<String, Number> values, Firing firing,
            int revision) {
    }

    /** Counters of the job's current run. */
    record Metrics(long recordsIn, long recordsFiltered, long deadLetters, Map<String, Long> deadLettersByReason,
            long lateDropped, long resultsEmitted) {
    }

    /** Latest results of a job. */
    record Results(String job, Long watermark, List<String> aggregates, Metrics metrics, List<ResultRow> results,
            CheckpointStats checkpoints) {
    }

    /** The latest result of every key in the {@code windows} most recent fired windows, newest first. */
    @GetMapping("/results")
    Results results(@PathVariable String name, @RequestParam(defaultValue = "6") int windows) {
        if (windows < 1 || windows > 1000) {
            throw new IllegalArgumentException("windows: must be between 1 and 1000");
        }
        jobs.find(name);
        Optional<RunningJob> run = deployments.running(name);
        if (run.isEmpty()) {
            JobSpec spec = JobService.spec(jobs.latest(jobs.find(name)));
            return new Results(name, null, spec.aggregateNames(), new Metrics(0, 0, 0, Map.of(), 0, 0), List.of(),
                    null);
        }
        JobSpec running = run.get().spec();
        JobMetrics.Snapshot m = run.get().metrics();
        Map<String, Long> byReason = new LinkedHashMap<>();
        m.deadLettersByReason().forEach((r, n) -> byReason.put(r.name(), n));
        List<ResultRow> rows = run.get().results().latest(windows).stream().map(r -> row(running, r)).toList();
        return new Results(name, m.watermark(), running.aggregateNames(), new Metrics(m.recordsIn(),
                m.recordsFiltered(), m.deadLetters(), byReason, m.lateDropped(), m.resultsEmitted()), rows,
                run.get().checkpoints());
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

    private static ResultRow row(JobSpec spec, WindowResult r) {
        Map<String, Number> values = new LinkedHashMap<>();
        List<AggregateSpec> aggs = spec.aggregates();
        for (int i = 0; i < aggs.size(); i++) {
            values.put(aggs.get(i).name(), r.values().number(i)); // Long, BigInteger, Double or null
        }
        return new ResultRow(r.key(), r.start(), r.end(), values, r.firing(), r.revision());
    }
}
