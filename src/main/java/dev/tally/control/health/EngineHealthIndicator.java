package dev.tally.control.health;

import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentRepository;
import dev.tally.control.deployment.DeploymentStatus;
import dev.tally.control.deployment.DesiredState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code engine}: DOWN while any deployment meant to run has FAILED (its run died and could not
 * be restarted, or a resume was refused). Details (shown to authorized callers only): {@code failed}, job name →
 * the deployment's last error. Part of the readiness group.
 */
@Component
class EngineHealthIndicator implements HealthIndicator {

    private final DeploymentRepository deployments;

    EngineHealthIndicator(DeploymentRepository deployments) {
        this.deployments = deployments;
    }

    @Override
    public Health health() {
        Map<String, String> failed = new LinkedHashMap<>();
        int running = 0;
        for (Deployment d : deployments.findByDesiredState(DesiredState.RUNNING)) {
            if (d.getStatus() == DeploymentStatus.FAILED) {
                failed.put(d.getJob().getName(), d.getLastError() == null ? "failed" : d.getLastError());
            } else {
                running++;
            }
        }
        Health.Builder health = failed.isEmpty() ? Health.up() : Health.down().withDetail("failed", failed);
        return health.withDetail("deployments", running + failed.size()).build();
    }
}
