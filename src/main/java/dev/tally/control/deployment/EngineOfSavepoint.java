package dev.tally.control.deployment;

/**
 * Refuses restoring a savepoint on another engine than the one that took it (the embedded engine's and Flink's
 * savepoint formats differ). Implemented by the catalog, which knows each savepoint's engine.
 */
public interface EngineOfSavepoint {

    /**
     * @param job       the job
     * @param savepoint the savepoint's id in the catalog
     * @param target    where it is to be restored
     * @throws dev.tally.control.web.ConflictException when the savepoint was taken by another engine, naming it
     */
    void refuseOtherEngine(String job, String savepoint, DeploymentTarget target);
}
