package dev.tally.control.job;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Jobs by name. */
public interface JobRepository extends JpaRepository<Job, Long> {

    Optional<Job> findByName(String name);

    List<Job> findAllByOrderByNameAsc();
}
