package dev.tally.engine.runtime;

/**
 * An element dropped because every window it belongs to was past its allowed lateness.
 *
 * @param key     its key
 * @param ts      its timestamp
 * @param excerpt the start of the original record as text, when the job keeps records for its late output
 */
public record LateElement(String key, long ts, String excerpt) {
}
