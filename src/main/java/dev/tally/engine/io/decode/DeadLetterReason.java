package dev.tally.engine.io.decode;

/** Why an input record could not be counted. */
public enum DeadLetterReason {
    /** Not valid JSON (truncated, bad syntax, invalid UTF-8). */
    MALFORMED_JSON,
    /** Valid JSON but not an object. */
    NOT_AN_OBJECT,
    /** An event-time job's event without its timestamp field. */
    MISSING_TIMESTAMP,
    /** A timestamp field that is not a valid time in the declared format. */
    INVALID_TIMESTAMP,
    /** The key expression gave no value (for example a lookup that found nothing). */
    MISSING_KEY,
    /** A record larger than the engine accepts. */
    TOO_LARGE,
    /**
     * A timestamp that is a time in the declared format but outside the supported range
     * ({@code dev.tally.engine.time.Timestamps}: ±2^62 ms, about ±146 million years).
     */
    TIMESTAMP_OUT_OF_RANGE,
    /**
     * Decoding, the timestamp, the filter, the key or an aggregate input of this record failed with an error
     * that no other reason names; the dead letter's detail is the error's message.
     */
    RECORD_ERROR
}
