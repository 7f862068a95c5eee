package dev.tally.control.catalog;

import dev.tally.control.deployment.Operations;
import dev.tally.control.deployment.SavepointTaken;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Joins the deployment feature's operations to the catalog: a savepoint an operation takes is registered with
 * the operation's trigger, and a savepoint an operation or a deployment still needs (its rollback point, the
 * savepoint it is suspended at) is never removed by retention or delete.
 */
@Component
class OperationSavepoints implements SavepointDependents {

    private final SavepointCatalog catalog;
    private final Operations operations;

    OperationSavepoints(SavepointCatalog catalog, Operations operations) {
        this.catalog = catalog;
        this.operations = operations;
    }

    @EventListener
    void taken(SavepointTaken e) {
        catalog.register(e.job(), e.snapshotId(), SavepointTrigger.valueOf(e.operation().name()), e.deploymentId());
    }

    @Override
    public Optional<String> whyNeeded(String job, String snapshotId) {
        return operations.whyNeeded(job, snapshotId);
    }
}
