package dev.tally.engine.aggregate;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import dev.tally.engine.spec.AggregateSpec;
import java.util.List;

/**
 * The aggregates of a job, laid out in one {@link Accumulator} per key and window: count, sum, min and max take
 * one slot, avg two (sum, count), distinct an UltraLogLog sketch. Inputs come as one {@code double} per aggregate;
 * a distinct input is a 64-bit hash carried in the double's raw bits, 0 meaning "no value"; for the others NaN
 * means "no value". Immutable and thread-safe; accumulators are not.
 */
public final class Aggregates {

    /** Sketch precision: 2^11 registers, about 1.2 % standard error, 2 KiB per sketch. */
    static final int DISTINCT_P = 11;

    private final AggregateSpec.Kind[] kinds;
    private final int[] offsets;
    private final int[] sketchIndex;
    private final int width;
    private final int sketches;

    public Aggregates(List<AggregateSpec> specs) {
        kinds = specs.stream().map(AggregateSpec::kind).toArray(AggregateSpec.Kind[]::new);
        offsets = new int[kinds.length];
        sketchIndex = new int[kinds.length];
        int w = 0;
        int s = 0;
        for (int i = 0; i < kinds.length; i++) {
            offsets[i] = w;
            sketchIndex[i] = kinds[i] == AggregateSpec.Kind.DISTINCT ? s++ : -1;
            w += kinds[i] == AggregateSpec.Kind.AVG ? 2 : 1;
        }
        width = w;
        sketches = s;
    }

    /** Number of aggregates (values in a result). */
    public int count() {
        return kinds.length;
    }

    public AggregateSpec.Kind kind(int i) {
        return kinds[i];
    }

    /** A fresh, empty accumulator. */
    public Accumulator create() {
        double[] v = new double[width];
        init(v, 0);
        UltraLogLog[] s = sketches == 0 ? null : new UltraLogLog[sketches];
        return new Accumulator(v, s);
    }

    /** Slots per accumulator in a flat array of values. */
    public int width() {
        return width;
    }

    /** Whether an aggregate needs a sketch (then accumulators cannot live in a flat array of values). */
    public boolean hasDistinct() {
        return sketches > 0;
    }

    /** Writes the empty values of one accumulator into {@code v} at {@code at}. */
    public void init(double[] v, int at) {
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == AggregateSpec.Kind.MIN) {
                v[at + offsets[i]] = Double.POSITIVE_INFINITY;
            } else if (kinds[i] == AggregateSpec.Kind.MAX) {
                v[at + offsets[i]] = Double.NEGATIVE_INFINITY;
            }
        }
    }

    /** Adds one element whose inputs start at {@code inputs[from]}. */
    public void add(Accumulator acc, double[] inputs, int from) {
        double[] v = acc.values;
        for (int i = 0; i < kinds.length; i++) {
            int o = offsets[i];
            double x = inputs[from + i];
            if (kinds[i] == AggregateSpec.Kind.DISTINCT) {
                v[o] = addDistinct(acc, sketchIndex[i], Double.doubleToRawLongBits(x), v[o]);
            } else {
                add(kinds[i], v, o, x);
            }
        }
    }

    /**
     * Adds one element to the accumulator held in {@code v} at {@code at} (no distinct aggregates: see
     * {@link #hasDistinct()}).
     */
    public void add(double[] v, int at, double[] inputs, int from) {
        for (int i = 0; i < kinds.length; i++) {
            add(kinds[i], v, at + offsets[i], inputs[from + i]);
        }
    }

    private static void add(AggregateSpec.Kind kind, double[] v, int o, double x) {
        switch (kind) {
            case COUNT -> v[o] += 1;
            case SUM -> v[o] += Double.isNaN(x) ? 0 : x;
            case MIN -> v[o] = Double.isNaN(x) ? v[o] : Math.min(v[o], x);
            case MAX -> v[o] = Double.isNaN(x) ? v[o] : Math.max(v[o], x);
            case AVG -> {
                if (!Double.isNaN(x)) {
                    v[o] += x;
                    v[o + 1] += 1;
                }
            }
            default -> throw new IllegalStateException(kind + " needs a sketch");
        }
    }

    /** An accumulator holding a copy of the flat values at {@code v[at]} (no distinct aggregates). */
    public Accumulator accumulator(double[] v, int at) {
        Accumulator acc = create();
        System.arraycopy(v, at, acc.values, 0, width);
        return acc;
    }

    /** Copies an accumulator's values (not its sketches) into {@code v} at {@code at}. */
    public void copyValues(Accumulator acc, double[] v, int at) {
        System.arraycopy(acc.values, 0, v, at, width);
    }

    private static double addDistinct(Accumulator acc, int s, long hash, double flag) {
        if (hash == 0) {
            return flag;
        }
        if (acc.sketches[s] == null) {
            acc.sketches[s] = UltraLogLog.create(DISTINCT_P);
        }
        acc.sketches[s].add(hash);
        return 1;
    }

    /** Merges {@code from} into {@code into} (session windows). */
    public void merge(Accumulator into, Accumulator from) {
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] != AggregateSpec.Kind.DISTINCT) {
                merge(kinds[i], into.values, offsets[i], from.values, offsets[i]);
            } else {
                UltraLogLog other = from.sketches[sketchIndex[i]];
                if (other != null) {
                    int s = sketchIndex[i];
                    into.sketches[s] = into.sketches[s] == null ? other.copy() : into.sketches[s].add(other);
                    into.values[offsets[i]] = 1;
                }
            }
        }
    }

    /**
     * Merges the flat values at {@code from[fromAt]} into those at {@code into[at]} (pre-aggregated partials; no
     * distinct aggregates).
     */
    public void mergeValues(double[] into, int at, double[] from, int fromAt) {
        for (int i = 0; i < kinds.length; i++) {
            merge(kinds[i], into, at + offsets[i], from, fromAt + offsets[i]);
        }
    }

    private static void merge(AggregateSpec.Kind kind, double[] a, int ao, double[] b, int bo) {
        switch (kind) {
            case COUNT, SUM -> a[ao] += b[bo];
            case MIN -> a[ao] = Math.min(a[ao], b[bo]);
            case MAX -> a[ao] = Math.max(a[ao], b[bo]);
            case AVG -> {
                a[ao] += b[bo];
                a[ao + 1] += b[bo + 1];
            }
            default -> throw new IllegalStateException(kind + " needs a sketch");
        }
    }

    /** Writes an accumulator (deterministic bytes). */
    public void write(Accumulator acc, java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(acc.values.length);
        for (double v : acc.values) {
            out.writeDouble(v);
        }
        out.writeInt(sketches);
        for (int i = 0; i < sketches; i++) {
            UltraLogLog s = acc.sketches[i];
            byte[] state = s == null ? null : s.getState();
            out.writeInt(state == null ? -1 : state.length);
            if (state != null) {
                out.write(state);
            }
        }
    }

    /** Reads an accumulator written by {@link #write}. */
    public Accumulator read(java.io.DataInput in) throws java.io.IOException {
        Accumulator acc = create();
        int n = in.readInt();
        if (n != width) {
            throw new java.io.IOException("accumulator has " + n + " slots, this job's aggregates need " + width);
        }
        for (int i = 0; i < n; i++) {
            acc.values[i] = in.readDouble();
        }
        int k = in.readInt();
        if (k != sketches) {
            throw new java.io.IOException("accumulator has " + k + " sketches, expected " + sketches);
        }
        for (int i = 0; i < k; i++) {
            int len = in.readInt();
            if (len >= 0) {
                byte[] state = new byte[len];
                in.readFully(state);
                acc.sketches[i] = UltraLogLog.wrap(state);
            }
        }
        return acc;
    }

    /** The value of every aggregate; NaN where an aggregate has no value (min/max/avg of no input). */
    public double[] results(Accumulator acc) {
        double[] out = results(acc.values, 0);
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == AggregateSpec.Kind.DISTINCT) {
                UltraLogLog s = acc.sketches[sketchIndex[i]];
                out[i] = s == null ? 0 : Math.round(s.getDistinctCountEstimate());
            }
        }
        return out;
    }

    /** The value of every aggregate of the accumulator held in {@code v} at {@code at} (distinct ones read 0). */
    public double[] results(double[] v, int at) {
        double[] out = new double[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            int o = at + offsets[i];
            out[i] = switch (kinds[i]) {
                case MIN, MAX -> Double.isInfinite(v[o]) ? Double.NaN : v[o];
                case AVG -> v[o + 1] == 0 ? Double.NaN : v[o] / v[o + 1];
                case DISTINCT -> 0;
                default -> v[o];
            };
        }
        return out;
    }
}
