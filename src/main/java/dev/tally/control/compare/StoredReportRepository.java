package dev.tally.control.compare;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stored comparison reports by owner ({@code kind:id}). */
interface StoredReportRepository extends JpaRepository<StoredReport, String> {
}
