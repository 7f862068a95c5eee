package dev.tally.control.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Rows of the savepoint catalog. */
interface CatalogRepository extends JpaRepository<CatalogEntry, Long> {

    Optional<CatalogEntry> findByJobAndSnapshotId(String job, String snapshotId);

    /** A job's rows, newest first. */
    List<CatalogEntry> findByJobOrderByCreatedAtDescIdDesc(String job);

    /** Every row, newest first. */
    List<CatalogEntry> findAllByOrderByCreatedAtDescIdDesc();

    /** A deployment's rows, newest first. */
    List<CatalogEntry> findByDeploymentIdOrderByCreatedAtDescIdDesc(long deploymentId);
}
