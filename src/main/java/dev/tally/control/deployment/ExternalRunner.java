package dev.tally.control.deployment;

/**
 * A runner outside the embedded engine (the Flink runner): the deploy and stop endpoints hand it the deployments
 * of its {@link #target()}.
 */
public interface ExternalRunner {

    /** The target it runs. */
    DeploymentTarget target();

    /**
     * Deploys the job's latest version, from a savepoint of the catalog when {@code savepoint} is given.
     *
     * @throws dev.tally.control.web.ConflictException when the job already runs, the savepoint cannot be restored there, or the spec
     *                           cannot run there (with the reasons)
     */
    Deployment deploy(String name, String savepoint);

    /** Stops the job's run without a savepoint; desired STOPPED. */
    Deployment stop(String name);

    /**
     * What runs there now for the deployment: the version and parallelism of its run while it runs.
     *
     * @return empty when nothing runs, or the engine cannot be asked
     */
    java.util.Optional<DeploymentService.ObservedRun> observed(Deployment deployment);
}
