package dev.tally.control.system;

import dev.tally.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects to the configured Kafka, or starts the embedded single-node broker when none is configured. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean(destroyMethod = "close")
    KafkaConnection kafkaConnection(TallyProperties props) throws Exception {
        if (!props.kafka().embedded()) {
            return new KafkaConnection(props.kafka().bootstrapServers(), null);
        }
        Path dir = props.dataPath().resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, props.kafka().embeddedPort());
        log.info("Embedded Kafka broker listening on {} (data in {})", broker.bootstrapServers(), dir.toAbsolutePath());
        return new KafkaConnection(broker.bootstrapServers(), broker);
    }
}
