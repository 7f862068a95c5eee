package dev.tally.engine.spec;

/**
 * Where a job reads its events from.
 *
 * @param kind             the kind of source
 * @param topic            Kafka topic (kind {@code kafka})
 * @param bootstrapServers Kafka address; {@code null} uses the engine's default
 * @param startFrom        where a fresh job starts reading (kind {@code kafka})
 * @param path             file of JSON lines (kind {@code file})
 * @param readers          number of reader threads; 0 = the job's parallelism
 * @param generator        settings of the built-in generator (kind {@code generator})
 */
public record SourceSpec(Kind kind, String topic, String bootstrapServers, StartFrom startFrom, String path,
        int readers, GeneratorSpec generator) {

    /** Kinds of sources. */
    public enum Kind {
        /** All partitions of a Kafka topic. */
        KAFKA,
        /** A file of JSON lines, read once to its end (one partition). */
        FILE,
        /** The deterministic Yahoo-style ad event generator. */
        GENERATOR
    }

    /** Where a fresh job starts reading. */
    public enum StartFrom {
        /** The oldest record still in the topic. */
        EARLIEST,
        /** Only records written after the job started. */
        LATEST
    }

    public static SourceSpec kafka(String topic) {
        return new SourceSpec(Kind.KAFKA, topic, null, StartFrom.EARLIEST, null, 0, null);
    }

    /**
     * The built-in generator: event {@code k} goes to partition {@code k mod partitions}.
     *
     * @param count      events to generate; 0 = unbounded
     * @param seed       seed; the same seed gives the same events
     * @param rate       events per second of event time
     * @param partitions number of partitions
     * @param baseTime   event time of event 0 (epoch ms); 0 = the time the job starts
     * @param paced      produce no faster than {@code rate} in wall-clock time
     */
    public record GeneratorSpec(long count, long seed, long rate, int partitions, long baseTime, boolean paced) {
    }
}
