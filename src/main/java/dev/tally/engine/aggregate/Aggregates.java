package dev.tally.engine.aggregate;

import dev.tally.engine.spec.AggregateSpec;
import java.util.List;

/**
 * The aggregates of a job laid out in one {@code double[]} accumulator per key and window: count takes one
 * slot, sum/min/max one, avg two (sum, count). Immutable and thread-safe; accumulators are not.
 */
public final class Aggregates {

    private final AggregateSpec.Kind[] kinds;
    private final int[] offsets;
    private final int width;

    public Aggregates(List<AggregateSpec> specs) {
        kinds = specs.stream().map(AggregateSpec::kind).toArray(AggregateSpec.Kind[]::new);
        offsets = new int[kinds.length];
        int w = 0;
        for (int i = 0; i < kinds.length; i++) {
            offsets[i] = w;
            w += kinds[i] == AggregateSpec.Kind.AVG ? 2 : 1;
        }
        width = w;
    }

    public int count() {
        return kinds.length;
    }

    /** A fresh accumulator. */
    public double[] create() {
        double[] acc = new double[width];
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == AggregateSpec.Kind.MIN) {
                acc[offsets[i]] = Double.POSITIVE_INFINITY;
            } else if (kinds[i] == AggregateSpec.Kind.MAX) {
                acc[offsets[i]] = Double.NEGATIVE_INFINITY;
            }
        }
        return acc;
    }

    /**
     * Adds one element.
     *
     * @param inputs the input value of each aggregate (ignored for count); NaN means "no value"
     */
    public void add(double[] acc, double[] inputs) {
        for (int i = 0; i < kinds.length; i++) {
            int o = offsets[i];
            double x = inputs[i];
            switch (kinds[i]) {
                case COUNT -> acc[o] += 1;
                case SUM -> acc[o] += Double.isNaN(x) ? 0 : x;
                case MIN -> acc[o] = Double.isNaN(x) ? acc[o] : Math.min(acc[o], x);
                case MAX -> acc[o] = Double.isNaN(x) ? acc[o] : Math.max(acc[o], x);
                case AVG -> {
                    if (!Double.isNaN(x)) {
                        acc[o] += x;
                        acc[o + 1] += 1;
                    }
                }
            }
        }
    }

    /** The value of aggregate {@code i}; NaN when it has none (min/max/avg of no value). */
    public double result(double[] acc, int i) {
        int o = offsets[i];
        return switch (kinds[i]) {
            case MIN, MAX -> Double.isInfinite(acc[o]) ? Double.NaN : acc[o];
            case AVG -> acc[o + 1] == 0 ? Double.NaN : acc[o] / acc[o + 1];
            default -> acc[o];
        };
    }

    /** The values of all aggregates. */
    public double[] results(double[] acc) {
        double[] out = new double[kinds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = result(acc, i);
        }
        return out;
    }
}
