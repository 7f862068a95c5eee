package dev.tally.control.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code tally.catalog.*} binds with its defaults and refuses nonsense, without a Spring context. */
class CatalogPropertiesTests {

    private static CatalogProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("tally.catalog",
                CatalogProperties.class);
    }

    @Test
    void bindsDefaultsAndDurations() {
        CatalogProperties defaults = bind(Map.of());
        assertThat(defaults.tick()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.maintenanceInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.kafkaTimeout()).isEqualTo(Duration.ofSeconds(10));
        CatalogProperties set = bind(Map.of("tally.catalog.tick", "250ms", "tally.catalog.maintenance-interval", "5m"));
        assertThat(set.tick()).isEqualTo(Duration.ofMillis(250));
        assertThat(set.maintenanceInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThatThrownBy(() -> bind(Map.of("tally.catalog.maintenance-interval", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("maintenance-interval");
    }
}
