package dev.tally.control.flink;

import dev.tally.control.deployment.Deployment;
import dev.tally.control.deployment.DeploymentStatus;
import dev.tally.control.deployment.DeploymentTarget;
import dev.tally.control.deployment.ExternalRuns;
import dev.tally.control.deployment.OperationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Copies what Flink reports ({@code GET /jobs/{id}}) into the observed status of every deployment on Flink that
 * should run, every 2 s, as the embedded engine's deployments are observed. A job Flink does not know (the
 * cluster restarted) is FAILED, saying so; a Flink that does not answer leaves the status as it was (logged).
 */
@Component
class FlinkObserver {

    private static final Logger log = LoggerFactory.getLogger(FlinkObserver.class);

    private final ExternalRuns runs;
    private final FlinkCluster cluster;
    private final OperationGuard guard;

    FlinkObserver(ExternalRuns runs, FlinkCluster cluster, OperationGuard guard) {
        this.runs = runs;
        this.cluster = cluster;
        this.guard = guard;
    }

    @Scheduled(fixedDelay = 2000)
    void observeAll() {
        if (cluster.client().isEmpty()) {
            return;
        }
        FlinkRestClient client = cluster.client().get();
        for (Deployment d : runs.shouldRun(DeploymentTarget.FLINK)) {
            if (d.getFlinkJobId() == null || guard.isBusy(d.getJob().getName())) {
                continue; // an operation owns the observed status until it ends
            }
            try {
                FlinkRestClient.JobDetails j = client.job(d.getFlinkJobId());
                DeploymentStatus s = status(j);
                String error = s == DeploymentStatus.FAILED ? "Flink job " + j.jobId() + " failed: "
                        + client.rootException(j.jobId()) : null;
                runs.observe(d.getId(), s, error);
            } catch (FlinkException e) {
                if (e.status() == 404) {
                    runs.observe(d.getId(), DeploymentStatus.FAILED, "Flink does not know job " + d.getFlinkJobId()
                            + " (the cluster restarted or forgot it); deploy again from a savepoint");
                } else {
                    log.warn("Cannot observe {} on Flink: {}", d.getJob().getName(), e.getMessage());
                }
            }
        }
    }

    /** Flink's job state as a deployment status. */
    static DeploymentStatus status(FlinkRestClient.JobDetails j) {
        return switch (j.state()) {
            case "RUNNING" -> j.tasksRunning() ? DeploymentStatus.RUNNING : DeploymentStatus.STARTING;
            case "FINISHED" -> DeploymentStatus.FINISHED;
            case "FAILED" -> DeploymentStatus.FAILED;
            case "CANCELED", "CANCELLING" -> DeploymentStatus.CANCELLED;
            case "SUSPENDED" -> DeploymentStatus.STOPPED;
            default -> DeploymentStatus.STARTING; // INITIALIZING, CREATED, RESTARTING, FAILING, RECONCILING
        };
    }
}
