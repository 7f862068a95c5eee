package dev.tally.control.catalog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code tally.catalog.*}. Per-job settings (retention, periodic interval) are in the database,
 * see {@link SavepointSettings}.
 *
 * @param tick                how often periodic savepoints are considered (their intervals are per job)
 * @param maintenanceInterval how often retention runs for every job and saved offsets are checked against Kafka
 * @param kafkaTimeout        how long a replayability check waits for Kafka's answer
 */
@ConfigurationProperties("tally.catalog")
public record CatalogProperties(@DefaultValue("1s") Duration tick, @DefaultValue("1m") Duration maintenanceInterval,
        @DefaultValue("10s") Duration kafkaTimeout) {

    public CatalogProperties {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tally.catalog.tick must be positive");
        }
        if (maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            throw new IllegalArgumentException("tally.catalog.maintenance-interval must be positive");
        }
        if (kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
            throw new IllegalArgumentException("tally.catalog.kafka-timeout must be positive");
        }
    }
}
