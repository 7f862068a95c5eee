package dev.tally.control.deployment;

import dev.tally.control.job.Job;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Deployments, one per job. */
public interface DeploymentRepository extends JpaRepository<Deployment, Long> {

    Optional<Deployment> findByJob(Job job);

    List<Deployment> findByDesiredState(DesiredState state);
}
