package dev.tally.control.flink;

import dev.tally.control.system.TallyProperties;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Flink cluster of deployments with target {@code flink}: the embedded one ({@code tally.flink.embedded=true},
 * stopped when the service stops) or an external one by {@code tally.flink.url}; none when neither is set.
 */
@Configuration
@EnableConfigurationProperties(FlinkProperties.class)
class FlinkConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "tally.flink.embedded", havingValue = "true")
    EmbeddedFlink embeddedFlink(TallyProperties tally, FlinkProperties flink) throws Exception {
        return new EmbeddedFlink(tally.dataPath().resolve("flink"), flink.slots());
    }

    @Bean
    FlinkCluster flinkCluster(FlinkProperties flink, TallyProperties tally, ObjectProvider<EmbeddedFlink> embedded) {
        Optional<FlinkRestClient> client = Optional.empty();
        if (flink.embedded()) {
            client = Optional.of(new FlinkRestClient(embedded.getObject().restAddress(), flink.timeout()));
        } else if (flink.configured()) {
            client = Optional.of(new FlinkRestClient(URI.create(flink.url().trim()), flink.timeout()));
        }
        Path savepoints = flink.savepointDir().isBlank() ? tally.dataPath().resolve("flink").resolve("savepoints")
                : Path.of(flink.savepointDir()).toAbsolutePath().normalize();
        return new FlinkCluster(client, flink.jobJarPath(), savepoints);
    }
}
