package dev.tally.control.deployment;

import dev.tally.control.audit.Principals;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.spec.Durations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations on a job's deployment: upgrade, rescale (dry run or executed), suspend, resume, stop with drain,
 * cancel; the deployment's desired and observed state, its operations and its timeline. Errors are problem
 * details: 400 naming the field, 404 unknown job, version, savepoint or operation, 409 a conflicting or illegal
 * request (with the plan when a plan refused it).
 */
@RestController
@RequestMapping("/api/jobs/{name}")
@Tag(name = "Deployment operations")
class OperationController {

    private final Operations operations;
    private final DeploymentService runs;
    private final OperationGuard guard;
    private final List<ExternalRunner> external;

    OperationController(Operations operations, DeploymentService runs, OperationGuard guard,
            List<ExternalRunner> external) {
        this.operations = operations;
        this.runs = runs;
        this.guard = guard;
        this.external = external;
    }

    /**
     * A health gate; absent fields take the defaults of {@link HealthGate#UPGRADE} (upgrade) or
     * {@link HealthGate#STARTED} (rescale).
     *
     * @param timeout as {@code 30s}, {@code 500ms}, {@code 2m}
     */
    record GateRequest(Integer checkpoints, Boolean records, Boolean watermark, String timeout) {

        HealthGate or(HealthGate d) {
            Duration t = d.timeout();
            if (timeout != null) {
                t = Durations.parse(timeout);
                if (t == null) {
                    throw new IllegalArgumentException("gate.timeout: not a duration: " + timeout);
                }
            }
            return new HealthGate(checkpoints == null ? d.checkpoints() : checkpoints,
                    records == null ? d.records() : records, watermark == null ? d.watermark() : watermark, t);
        }
    }

    /**
     * @param version   the version to run (required)
     * @param policy    fail (default), reset-windows or drain-first: what to do with state the version cannot use
     * @param dryRun    only return the plan
     * @param savepoint restore this savepoint of the job instead of taking one
     */
    record UpgradeRequest(Integer version, String policy, Boolean dryRun, String savepoint, GateRequest gate) {
    }

    /** @param parallelism the new parallelism, 1..max parallelism (required) */
    record RescaleRequest(Integer parallelism, Boolean dryRun, GateRequest gate) {
    }

    /** @param fresh start from empty state instead of the suspend's savepoint (must be asked explicitly) */
    record ResumeRequest(Boolean fresh) {
    }

    @PostMapping("/upgrade")
    @Operation(summary = "Upgrade to another version: savepoint, stop, restore, health gate, automatic rollback",
            description = "dryRun returns the plan (200) and changes nothing; otherwise 202 with the operation, "
                    + "which runs in the background. 409 with the plan when the state cannot be used.")
    ResponseEntity<?> upgrade(@PathVariable String name, @RequestBody(required = false) UpgradeRequest body,
            HttpServletRequest request) {
        if (body == null || body.version() == null) {
            throw new IllegalArgumentException("version: required");
        }
        if (body.version() < 1) {
            throw new IllegalArgumentException("version: must be 1 or more");
        }
        Restore.Policy policy = DeploymentController.policy(body.policy() == null ? "fail" : body.policy());
        HealthGate gate = body.gate() == null ? HealthGate.UPGRADE : body.gate().or(HealthGate.UPGRADE);
        if (Boolean.TRUE.equals(body.dryRun())) {
            return ResponseEntity.ok(operations.planUpgrade(name, body.version(), policy, body.savepoint(), gate));
        }
        return accepted(name, operations.upgrade(name, body.version(), policy, body.savepoint(), gate,
                Principals.of(request)));
    }

    @PostMapping("/rescale")
    @Operation(summary = "Change the parallelism through savepoint and restore",
            description = "dryRun returns the plan: key-group ranges and real key counts per subtask before and "
                    + "after, and the skew (200). Otherwise 202 with the operation; its downtime is measured.")
    ResponseEntity<?> rescale(@PathVariable String name, @RequestBody(required = false) RescaleRequest body,
            HttpServletRequest request) {
        if (body == null || body.parallelism() == null) {
            throw new IllegalArgumentException("parallelism: required");
        }
        HealthGate gate = body.gate() == null ? HealthGate.STARTED : body.gate().or(HealthGate.STARTED);
        if (Boolean.TRUE.equals(body.dryRun())) {
            return ResponseEntity.ok(operations.planRescale(name, body.parallelism(), gate));
        }
        return accepted(name, operations.rescale(name, body.parallelism(), gate, Principals.of(request)));
    }

    private static ResponseEntity<OperationViews.OperationView> accepted(String name, DeploymentOperation op) {
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + name + "/deployment/operations/"
                + op.getId())).body(OperationViews.OperationView.of(op));
    }

    @PostMapping("/deployment/suspend")
    @Operation(summary = "Suspend: savepoint, then stop; resume restores that savepoint")
    OperationViews.OperationView suspend(@PathVariable String name, HttpServletRequest request) {
        return OperationViews.OperationView.of(operations.suspend(name, false, Principals.of(request)));
    }

    @PostMapping("/deployment/drain")
    @Operation(summary = "Stop with drain: fire every window, savepoint, stop")
    OperationViews.OperationView drain(@PathVariable String name, HttpServletRequest request) {
        return OperationViews.OperationView.of(operations.suspend(name, true, Principals.of(request)));
    }

    @PostMapping("/deployment/cancel")
    @Operation(summary = "Cancel: stop without a savepoint")
    OperationViews.OperationView cancel(@PathVariable String name, HttpServletRequest request) {
        return OperationViews.OperationView.of(operations.cancel(name, Principals.of(request)));
    }

    @PostMapping("/deployment/resume")
    @Operation(summary = "Resume a suspended deployment from its suspend's savepoint (fresh=true: empty state)")
    OperationViews.OperationView resume(@PathVariable String name,
            @RequestBody(required = false) ResumeRequest body, HttpServletRequest request) {
        boolean fresh = body != null && Boolean.TRUE.equals(body.fresh());
        return OperationViews.OperationView.of(operations.resume(name, fresh, Principals.of(request)));
    }

    @GetMapping("/deployment")
    @Operation(summary = "The deployment: desired state, version and parallelism against the observed status, "
            + "version and parallelism (what the engine runs now), with the last error")
    OperationViews.DeploymentState deployment(@PathVariable String name) {
        Deployment d = operations.deployment(name);
        Long inProgress = guard.isBusy(name) ? operations.of(name).stream()
                .filter(o -> o.getState() == OperationState.RUNNING).map(DeploymentOperation::getId).findFirst()
                .orElse(null) : null;
        Optional<DeploymentService.ObservedRun> run = d.getTarget() == DeploymentTarget.EMBEDDED
                ? runs.observedRun(name)
                : external.stream().filter(r -> r.target() == d.getTarget()).findFirst()
                        .flatMap(r -> r.observed(d));
        return new OperationViews.DeploymentState(d.getId(), d.getDesiredState(), d.getVersion(),
                runs.specOf(d).parallelism(), d.getStatus(), d.getLastError(),
                run.map(DeploymentService.ObservedRun::version).orElse(null),
                run.map(DeploymentService.ObservedRun::parallelism).orElse(null), d.getRestoredFrom(), inProgress,
                d.getUpdatedAt());
    }

    @GetMapping("/deployment/operations")
    @Operation(summary = "The deployment's operations, newest first")
    List<OperationViews.OperationView> operations(@PathVariable String name) {
        return operations.of(name).stream().map(OperationViews.OperationView::of).toList();
    }

    @GetMapping("/deployment/operations/{id}")
    @Operation(summary = "One operation, with its steps, savepoint, plan, downtime and error")
    OperationViews.OperationView operation(@PathVariable String name, @PathVariable long id) {
        return OperationViews.OperationView.of(operations.get(name, id));
    }

    @GetMapping("/deployment/events")
    @Operation(summary = "The deployment's timeline: every transition and step, oldest first")
    List<OperationViews.EventView> events(@PathVariable String name) {
        return operations.events(name).stream().map(OperationViews.EventView::of).toList();
    }
}
