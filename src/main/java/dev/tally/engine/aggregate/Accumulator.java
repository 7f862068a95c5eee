package dev.tally.engine.aggregate;

/**
 * The running aggregate values of one key in one window (layout owned by {@link Aggregates}). Not thread-safe.
 */
public final class Accumulator {

    final long[] values;
    final com.dynatrace.hash4j.distinctcount.UltraLogLog[] sketches;

    Accumulator(long[] values, com.dynatrace.hash4j.distinctcount.UltraLogLog[] sketches) {
        this.values = values;
        this.sketches = sketches;
    }
}
