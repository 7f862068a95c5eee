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

    DeploymentController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    /**
     * Deploys the job's latest version, from a savepoint when {@code savepoint} is given ({@code policy}: fail,
     * reset-windows or drain-first, for state the new version cannot use).
     */
    @PostMapping("/deploy")
    DeploymentView deploy(@PathVariable String name, @RequestParam(required = false) String savepoint,
            @RequestParam(defaultValue = "fail") String policy) {
        return DeploymentView.of(deployments.deploy(name, savepoint, policy(policy)));
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
        return DeploymentView.of(deployments.stop(name));
    }
}
