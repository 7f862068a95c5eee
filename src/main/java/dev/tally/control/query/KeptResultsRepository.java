package dev.tally.control.query;

import org.springframework.data.jpa.repository.JpaRepository;

/** Kept results by job id. */
interface KeptResultsRepository extends JpaRepository<KeptResults, Long> {
}
