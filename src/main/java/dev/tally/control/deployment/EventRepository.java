package dev.tally.control.deployment;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The timeline of deployments. */
public interface EventRepository extends JpaRepository<DeploymentEvent, Long> {

    List<DeploymentEvent> findByDeploymentIdOrderByIdAsc(long deploymentId);
}
