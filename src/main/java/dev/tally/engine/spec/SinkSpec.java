package dev.tally.engine.spec;

/**
 * An output of a job, besides the result table, dead-letter and late buffers that every job keeps.
 *
 * @param kind   where it goes
 * @param topic  Kafka topic (kind {@code kafka})
 * @param output what goes there
 */
public record SinkSpec(Kind kind, String topic, Output output) {

    /** Where an output goes. */
    public enum Kind {
        /** JSON records into a Kafka topic. */
        KAFKA,
        /** The job's in-memory table or buffer, readable over the API. */
        TABLE
    }

    /** What a sink receives. */
    public enum Output {
        /** Window results. */
        RESULTS,
        /** Elements dropped because all their windows were past their allowed lateness. */
        LATE,
        /** Records that could not be decoded or lack a valid timestamp or key. */
        DEAD_LETTERS
    }
}
