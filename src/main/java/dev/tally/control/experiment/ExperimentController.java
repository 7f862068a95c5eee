package dev.tally.control.experiment;

import dev.tally.control.audit.Principals;
import dev.tally.control.compare.ComparisonReport;
import dev.tally.control.deployment.HealthGate;
import dev.tally.control.job.JobService;
import dev.tally.engine.RunningJob;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A/B experiments of a job: start (version b from a savepoint of the running deployment A, into outputs of its
 * own), list, read with the live comparison report, promote (A upgraded to b) or abort (b stopped, its outputs
 * removed). Errors are problem details: 400 naming the field, 404 unknown job, version, savepoint or experiment,
 * 409 when A is not running, busy, or already has an experiment, or the experiment has ended.
 */
@RestController
@Tag(name = "Experiments")
class ExperimentController {

    private final ExperimentService experiments;
    private final ExperimentEnd end;
    private final ExperimentReports reports;
    private final ExperimentRepository repository;
    private final JobService jobs;

    ExperimentController(ExperimentService experiments, ExperimentEnd end, ExperimentReports reports,
            ExperimentRepository repository, JobService jobs) {
        this.experiments = experiments;
        this.end = end;
        this.reports = reports;
        this.repository = repository;
        this.jobs = jobs;
    }

    /**
     * @param version   the version b to run (required)
     * @param savepoint a savepoint of the job in the catalog to start b from; absent: one of A is taken now
     */
    record StartRequest(Integer version, String savepoint) {
    }

    /** The promoted upgrade's health gate; absent fields take {@link HealthGate#UPGRADE}'s. */
    record PromoteRequest(Integer checkpoints, Boolean records, Boolean watermark, String timeout) {

        HealthGate gate() {
            return HealthGate.of(HealthGate.UPGRADE, "", checkpoints, records, watermark, timeout);
        }
    }

    /**
     * An experiment as the API shows it.
     *
     * @param compareFrom   windows whose last millisecond is at or before this (epoch ms) are not compared: A
     *                      emitted them before b started
     * @param resultTopics  b's Kafka result topics (A's topics with {@code .experiment-<id>})
     * @param runState      the engine state of b's run while it runs here, else null
     * @param a             A's throughput, lag and latency (null when not running)
     * @param b             b's
     * @param report        the comparison report: live while it runs, stored after; null before the first
     */
    record ExperimentView(long id, String job, ExperimentState state, int baseVersion, int version,
            String savepoint, boolean savepointTaken, String restoredFrom, long compareFrom,
            List<String> resultTopics, String transactionalId, String principal, Long operationId, String outcome,
            Instant startedAt, Instant endedAt, String runState, ExperimentRun.SideFigures a,
            ExperimentRun.SideFigures b, ComparisonReport report) {
    }

    ExperimentView view(Experiment e, boolean withReport) {
        ExperimentRun run = reports.run(e).orElse(null);
        RunningJob b = run == null ? null : run.run();
        return new ExperimentView(e.getId(), e.getJob().getName(), e.getState(), e.getBaseVersion(), e.getVersion(),
                e.getSavepointId(), e.isSavepointTaken(), e.getRestoredFrom(), e.getCompareFrom(),
                e.getResultTopics(), e.getTransactionalId(), e.getPrincipal(), e.getOperationId(), e.getOutcome(),
                e.getStartedAt(), e.getEndedAt(), b == null ? null : b.state().name(),
                run == null ? null : run.figuresA(), run == null ? null : run.figuresB(),
                withReport ? reports.report(e).orElse(null) : null);
    }

    @PostMapping("/api/jobs/{name}/experiments")
    @Operation(summary = "Start an A/B experiment: version b from a savepoint of the running deployment, into "
            + "outputs of its own, compared with the deployment",
            description = "201 with the experiment. 400 naming version (state incompatible, other aggregates) or "
                    + "savepoint (not replayable); 404 unknown job, version or savepoint; 409 when the deployment "
                    + "is not running or busy, or the job already has a running experiment.")
    ResponseEntity<ExperimentView> start(@PathVariable String name, @RequestBody(required = false) StartRequest body,
            HttpServletRequest request) {
        if (body == null || body.version() == null) {
            throw new IllegalArgumentException("version: required");
        }
        if (body.version() < 1) {
            throw new IllegalArgumentException("version: must be 1 or more");
        }
        if (body.savepoint() != null && body.savepoint().isBlank()) {
            throw new IllegalArgumentException("savepoint: must not be blank (leave it out to take one now)");
        }
        Experiment e = experiments.start(name, body.version(), body.savepoint(), Principals.of(request));
        return ResponseEntity.created(URI.create(ExperimentService.target(name, e.getId()))).body(view(e, true));
    }

    @GetMapping("/api/jobs/{name}/experiments")
    @Operation(summary = "The job's experiments, newest first (without reports)")
    List<ExperimentView> ofJob(@PathVariable String name) {
        return repository.findByJobOrderByIdDesc(jobs.find(name)).stream().map(e -> view(e, false)).toList();
    }

    @GetMapping("/api/experiments")
    @Operation(summary = "Every experiment, newest first (without reports)")
    List<ExperimentView> all() {
        return repository.findAllByOrderByIdDesc().stream().map(e -> view(e, false)).toList();
    }

    @GetMapping("/api/jobs/{name}/experiments/{id}")
    @Operation(summary = "One experiment with its comparison report and each side's throughput, lag and latency")
    ExperimentView one(@PathVariable String name, @PathVariable long id) {
        return view(end.get(name, id), true);
    }

    @PostMapping("/api/jobs/{name}/experiments/{id}/promote")
    @Operation(summary = "Promote b: stop its run and upgrade the deployment to b (savepoint, restore, health gate)",
            description = "200 with the experiment, PROMOTED, naming the upgrade operation (which runs in the "
                    + "background). 409 when the experiment is not running or the upgrade is refused (nothing "
                    + "changes then).")
    ExperimentView promote(@PathVariable String name, @PathVariable long id,
            @RequestBody(required = false) PromoteRequest body, HttpServletRequest request) {
        HealthGate gate = body == null ? HealthGate.UPGRADE : body.gate();
        return view(end.promote(name, id, gate, Principals.of(request)), true);
    }

    @PostMapping("/api/jobs/{name}/experiments/{id}/abort")
    @Operation(summary = "Abort: stop b, delete its Kafka topics, clear its result table; the deployment untouched")
    ExperimentView abort(@PathVariable String name, @PathVariable long id, HttpServletRequest request) {
        return view(end.abort(name, id, Principals.of(request)), true);
    }
}
