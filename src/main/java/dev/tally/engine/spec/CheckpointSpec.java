package dev.tally.engine.spec;

import java.time.Duration;

/**
 * Periodic checkpoints of a job.
 *
 * @param interval           time between checkpoints
 * @param mode               exactly-once (aligned barriers, every Kafka output transactional) or at-least-once
 * @param retain             completed checkpoints kept; older ones are deleted
 * @param transactionTimeout Kafka transaction timeout of the exactly-once Kafka sinks; must exceed the interval
 */
public record CheckpointSpec(Duration interval, Mode mode, int retain, Duration transactionTimeout) {

    /** Delivery guarantee. */
    public enum Mode {
        /** State and Kafka results exactly once: aligned barriers, results committed per checkpoint. */
        EXACTLY_ONCE,
        /** Barriers are not aligned and results are written at once: after a failure some are repeated. */
        AT_LEAST_ONCE
    }
}
