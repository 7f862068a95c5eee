package dev.tally.control.job;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Versions of jobs. */
public interface JobVersionRepository extends JpaRepository<JobVersion, Long> {

    Optional<JobVersion> findFirstByJobOrderByVersionDesc(Job job);

    Optional<JobVersion> findByJobAndVersion(Job job, int version);

    Optional<JobVersion> findFirstByJobAndSpecHashOrderByVersionDesc(Job job, String specHash);

    List<JobVersion> findByJobOrderByVersionAsc(Job job);
}
