package dev.tally.engine.spec;

/**
 * Where a job reads its events from.
 *
 * @param kind             the kind of source
 * @param topic            Kafka topic (kind {@code kafka})
 * @param bootstrapServers Kafka address; {@code null} uses the engine's default
 * @param startFrom        where a fresh job starts reading (kind {@code kafka})
 * @param path             file of JSON lines (kind {@code file})
 */
public record SourceSpec(Kind kind, String topic, String bootstrapServers, StartFrom startFrom, String path) {

    /** Kinds of sources. */
    public enum Kind {
        /** All partitions of a Kafka topic. */
        KAFKA,
        /** A file of JSON lines, read once to its end. */
        FILE
    }

    /** Where a fresh job starts reading. */
    public enum StartFrom {
        /** The oldest record still in the topic. */
        EARLIEST,
        /** Only records written after the job started. */
        LATEST
    }

    public static SourceSpec kafka(String topic) {
        return new SourceSpec(Kind.KAFKA, topic, null, StartFrom.EARLIEST, null);
    }
}
