package dev.tally.control.catalog;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Jobs' savepoint settings, by job name. */
interface SavepointSettingsRepository extends JpaRepository<SavepointSettings, String> {

    /** Settings of the jobs that take periodic savepoints. */
    List<SavepointSettings> findByPeriodicIntervalMsNotNull();
}
