package dev.tally.control.deployment;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import dev.tally.engine.snapshot.Restore;
import org.springframework.web.bind.annotation.RestController;

/** Deploying and stopping jobs. */
@RestController
@RequestMapping("/api/jobs/{name}")
class DeploymentController {

    private final DeploymentService deployments;
    private final java.util.List<ExternalRunner> runners;
    private final dev.tally.control.job.JobService jobs;
    private final java.util.List<EngineOfSavepoint> engines;

    DeploymentController(DeploymentService deployments, java.util.List<ExternalRunner> runners,
            dev.tally.control.job.JobService jobs, java.util.List<EngineOfSavepoint> engines) {
        this.deployments = deployments;
        this.runners = runners;
        this.jobs = jobs;
        this.engines = engines;
    }

    /**
     * Deploys the job's latest version, from a savepoint when {@code savepoint} is given ({@code policy}: fail,
     * reset-windows or drain-first, for state the new version cannot use), to {@code target}: embedded (the
     * default) or flink (the configured Flink cluster; the policy does not apply there).
     */
    @PostMapping("/deploy")
    DeploymentView deploy(@PathVariable String name, @RequestParam(required = false) String savepoint,
            @RequestParam(defaultValue = "fail") String policy,
            @RequestParam(defaultValue = "embedded") String target) {
        DeploymentTarget t = DeploymentTarget.parse(target);
        Restore.Policy p = policy(policy);
        if (savepoint != null) {
            engines.forEach(e -> e.refuseOtherEngine(name, savepoint, t));
        }
        if (t != DeploymentTarget.EMBEDDED) {
            return DeploymentView.of(runner(t).deploy(name, savepoint));
        }
        return DeploymentView.of(deployments.deploy(name, savepoint, p));
    }

    private ExternalRunner runner(DeploymentTarget t) {
        return runners.stream().filter(r -> r.target() == t).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("target: no runner for " + t));
    }

    static Restore.Policy policy(String text) {
        return switch (text) {
            case "fail" -> Restore.Policy.FAIL;
            case "reset-windows" -> Restore.Policy.RESET_WINDOWS;
            case "drain-first" -> Restore.Policy.DRAIN_FIRST;
            default -> throw new IllegalArgumentException("policy: must be fail, reset-windows or drain-first");
        };
    }

    /**
     * Starts a deployment that should run but does not (failed, or not resumable after a restart) from its
     * newest checkpoint, or from {@code checkpoint} when given: an explicit rollback that sets newer and
     * unreadable checkpoints aside. 409 when the newest checkpoint cannot be read and none is named.
     */
    @PostMapping("/resume")
    DeploymentView resume(@PathVariable String name, @RequestParam(required = false) String checkpoint) {
        return DeploymentView.of(deployments.resume(name, checkpoint));
    }

    /** Stops the job. */
    @PostMapping("/stop")
    DeploymentView stop(@PathVariable String name) throws InterruptedException {
        DeploymentTarget t = deployments.deploymentOf(jobs.find(name)).map(Deployment::getTarget)
                .orElse(DeploymentTarget.EMBEDDED);
        if (t != DeploymentTarget.EMBEDDED) {
            return DeploymentView.of(runner(t).stop(name));
        }
        return DeploymentView.of(deployments.stop(name));
    }
}
