package dev.tally.control.replay;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Replays, newest first per job. */
interface ReplayRepository extends JpaRepository<Replay, Long> {

    List<Replay> findByJobNameOrderByIdDesc(String jobName);

    List<Replay> findByState(Replay.State state);
}
