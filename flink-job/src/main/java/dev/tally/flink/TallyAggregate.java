package dev.tally.flink;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.spec.AggregateSpec;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * A job's aggregates (count, sum, min, max, avg, distinct) as one mergeable Flink {@link AggregateFunction} over
 * Tally's own {@link Aggregates}, so results are the embedded engine's to the bit: integer sums exact in 128 bits,
 * decimals added the same way, distinct counts from the same UltraLogLog sketch. {@code merge} serves session
 * windows. The result is the accumulator itself, read (never changed) by {@link ResultLabeler}. Thread-safe
 * (holds no state of its own).
 */
final class TallyAggregate implements AggregateFunction<TallyElement, WindowAccumulator, WindowAccumulator> {

    private static final long serialVersionUID = 1L;

    /** The aggregate kinds (specs are records, not serializable; kinds are all {@link Aggregates} needs). */
    private final List<AggregateSpec.Kind> kinds;
    private transient Aggregates aggregates;

    TallyAggregate(List<AggregateSpec> specs) {
        this.kinds = List.copyOf(specs.stream().map(AggregateSpec::kind).toList());
    }

    private Aggregates aggregates() {
        if (aggregates == null) {
            aggregates = WindowAccumulatorSerializer.aggregates(kinds);
        }
        return aggregates;
    }

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator(aggregates().create());
    }

    @Override
    public WindowAccumulator add(TallyElement e, WindowAccumulator acc) {
        aggregates().add(acc.values, e.inputs, 0);
        acc.minTimestamp = Math.min(acc.minTimestamp, e.timestamp);
        acc.maxTimestamp = Math.max(acc.maxTimestamp, e.timestamp);
        acc.elements++;
        return acc;
    }

    @Override
    public WindowAccumulator getResult(WindowAccumulator acc) {
        return acc;
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        aggregates().merge(a.values, b.values);
        a.minTimestamp = Math.min(a.minTimestamp, b.minTimestamp);
        a.maxTimestamp = Math.max(a.maxTimestamp, b.maxTimestamp);
        a.elements += b.elements;
        return a;
    }
}
