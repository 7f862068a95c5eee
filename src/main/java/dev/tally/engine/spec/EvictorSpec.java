package dev.tally.engine.spec;

import java.time.Duration;

/**
 * Removes elements from a window before (default) or after its aggregate is computed at a firing. A window with
 * an evictor keeps its elements instead of one accumulator.
 *
 * @param kind      which elements are removed
 * @param count     keep at most this many, the newest (kind count)
 * @param interval  remove elements with {@code ts <= maxTs - interval} (kind time)
 * @param threshold remove elements whose value differs from the last element's by at least this (kind delta)
 * @param field     expression giving the value compared by a delta evictor; null = the first aggregate's field
 * @param after     evict after computing the aggregate instead of before
 */
public record EvictorSpec(Kind kind, long count, Duration interval, double threshold, String field, boolean after) {

    /** Kinds of evictors. */
    public enum Kind {
        /** Keep the newest {@code count} elements. */
        COUNT,
        /** Keep the elements within {@code interval} of the newest timestamp. */
        TIME,
        /** Keep the elements close to the last element's value. */
        DELTA
    }
}
