package dev.tally.control.experiment;

import dev.tally.control.job.Job;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Experiments, newest first where listed. */
public interface ExperimentRepository extends JpaRepository<Experiment, Long> {

    List<Experiment> findByJobOrderByIdDesc(Job job);

    List<Experiment> findByStateOrderByIdDesc(ExperimentState state);

    List<Experiment> findAllByOrderByIdDesc();
}
