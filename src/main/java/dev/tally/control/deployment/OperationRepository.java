package dev.tally.control.deployment;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Operations of deployments. */
public interface OperationRepository extends JpaRepository<DeploymentOperation, Long> {

    List<DeploymentOperation> findByDeploymentIdOrderByIdDesc(long deploymentId);

    List<DeploymentOperation> findByState(OperationState state);

    List<DeploymentOperation> findByDeploymentIdAndStateOrderByIdDesc(long deploymentId, OperationState state);
}
