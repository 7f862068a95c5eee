package dev.tally.flink;

import dev.tally.engine.aggregate.Accumulator;

/**
 * The state of one key in one Flink window: Tally's {@link Accumulator} (exact integer sums, min/max, avg and the
 * distinct sketch) plus the event-time span of its elements, which count and global windows report as their
 * {@code [start, end)}. Not thread-safe.
 */
final class WindowAccumulator {

    final Accumulator values;
    long minTimestamp = Long.MAX_VALUE;
    long maxTimestamp = Long.MIN_VALUE;
    /** Elements added (a window that fires with none emits nothing). */
    long elements;

    WindowAccumulator(Accumulator values) {
        this.values = values;
    }
}
