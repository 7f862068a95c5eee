package dev.tally.control.system;

import dev.tally.embedded.EmbeddedKafkaBroker;

/**
 * The Kafka cluster Tally talks to.
 *
 * @param bootstrapServers its address
 * @param broker           the embedded broker when Tally started one, else null
 */
public record KafkaConnection(String bootstrapServers, EmbeddedKafkaBroker broker) implements AutoCloseable {

    public boolean embedded() {
        return broker != null;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
