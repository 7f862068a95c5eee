package dev.tally.control.deployment;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Deploying and stopping jobs. */
@RestController
@RequestMapping("/api/jobs/{name}")
class DeploymentController {

    private final DeploymentService deployments;

    DeploymentController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    /** Deploys the job's latest version. */
    @PostMapping("/deploy")
    DeploymentView deploy(@PathVariable String name) {
        return DeploymentView.of(deployments.deploy(name));
    }

    /** Stops the job. */
    @PostMapping("/stop")
    DeploymentView stop(@PathVariable String name) throws InterruptedException {
        return DeploymentView.of(deployments.stop(name));
    }
}
