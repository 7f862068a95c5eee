package dev.tally.engine.spec;

/**
 * An output for results, besides the result table that every job keeps.
 *
 * @param kind  the kind of sink
 * @param topic Kafka topic (kind {@code kafka})
 */
public record SinkSpec(Kind kind, String topic) {

    /** Kinds of sinks. */
    public enum Kind {
        /** JSON results into a Kafka topic. */
        KAFKA
    }
}
