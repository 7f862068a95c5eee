package dev.tally.control.system;

import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded engine, pointed at Tally's Kafka and working directory. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    Engine engine(KafkaConnection kafka, TallyProperties props) {
        return new Engine(EngineConfig.defaults(kafka.bootstrapServers(), props.workPath()).confined());
    }
}
