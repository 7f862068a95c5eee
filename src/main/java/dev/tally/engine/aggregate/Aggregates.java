package dev.tally.engine.aggregate;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import dev.tally.engine.spec.AggregateSpec;
import java.util.List;

/**
 * The aggregates of a job, laid out in one {@link Accumulator} per key and window as {@code long} slots: count one
 * (the count), sum three (an exact 128-bit integer part, low then high word, and a decimal part: a double's raw
 * bits, or {@link Exact#NO_DECIMAL} until a decimal input arrives), min and max two (the kind of the value held,
 * {@link Inputs#NONE} while there is none, then its payload), avg four (a sum's three, then the count of inputs),
 * distinct one (1 once it has a value) plus an UltraLogLog sketch. Inputs come laid out as {@link Inputs} says,
 * one column per aggregate; a distinct input is a 64-bit hash. Integer inputs stay exact: sums never wrap or round
 * (a 128-bit integer cannot overflow for fewer than 2^64 inputs), and the result of a sum is the same whatever
 * order its inputs and partials are added in. Immutable and thread-safe; accumulators are not.
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
            w += slots(kinds[i]);
        }
        width = w;
        sketches = s;
    }

    private static int slots(AggregateSpec.Kind kind) {
        return switch (kind) {
            case COUNT, DISTINCT -> 1;
            case MIN, MAX -> 2;
            case SUM -> 3;
            case AVG -> 4;
        };
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
        long[] v = new long[width];
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

    /** Writes the empty values of one accumulator into {@code v} at {@code at} (its other slots must be 0). */
    public void init(long[] v, int at) {
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == AggregateSpec.Kind.SUM || kinds[i] == AggregateSpec.Kind.AVG) {
                v[at + offsets[i] + 2] = Exact.NO_DECIMAL;
            }
        }
    }

    /** Adds one element whose inputs start at {@code inputs[from]} (laid out as {@link Inputs} says). */
    public void add(Accumulator acc, long[] inputs, int from) {
        long[] v = acc.values;
        for (int i = 0; i < kinds.length; i++) {
            int o = offsets[i];
            int in = from + i * Inputs.SLOTS;
            if (kinds[i] == AggregateSpec.Kind.DISTINCT) {
                if (inputs[in] != Inputs.NONE) {
                    addDistinct(acc, sketchIndex[i], inputs[in + 1]);
                    v[o] = 1;
                }
            } else {
                add(kinds[i], v, o, inputs[in], inputs[in + 1]);
            }
        }
    }

    /**
     * Adds one element to the accumulator held in {@code v} at {@code at} (no distinct aggregates: see
     * {@link #hasDistinct()}).
     */
    public void add(long[] v, int at, long[] inputs, int from) {
        for (int i = 0; i < kinds.length; i++) {
            int in = from + i * Inputs.SLOTS;
            add(kinds[i], v, at + offsets[i], inputs[in], inputs[in + 1]);
        }
    }

    private static void add(AggregateSpec.Kind kind, long[] v, int o, long type, long x) {
        switch (kind) {
            case COUNT -> v[o]++;
            case SUM -> addNumber(v, o, type, x);
            case MIN -> keepExtreme(v, o, type, x, -1);
            case MAX -> keepExtreme(v, o, type, x, 1);
            case AVG -> {
                if (type != Inputs.NONE) {
                    addNumber(v, o, type, x);
                    v[o + 3]++;
                }
            }
            default -> throw new IllegalStateException(kind + " needs a sketch");
        }
    }

    private static void addNumber(long[] v, int o, long type, long x) {
        if (type == Inputs.INTEGER) {
            Exact.add(v, o, x);
        } else if (type == Inputs.DECIMAL) {
            Exact.addDecimal(v, o + 2, x);
        }
    }

    /**
     * Keeps the input if it is further in {@code direction} (-1 min, 1 max) than the value held, or the same
     * number as an integer where a decimal is held: so the result does not depend on the order of the inputs.
     */
    private static void keepExtreme(long[] v, int o, long type, long x, int direction) {
        if (type == Inputs.NONE) {
            return;
        }
        int c = v[o] == Inputs.NONE ? 1 : Exact.compare(type, x, v[o], v[o + 1]) * direction;
        if (c > 0 || (c == 0 && type == Inputs.INTEGER)) {
            v[o] = type;
            v[o + 1] = x;
        }
    }

    /** An accumulator holding a copy of the flat values at {@code v[at]} (no distinct aggregates). */
    public Accumulator accumulator(long[] v, int at) {
        Accumulator acc = create();
        System.arraycopy(v, at, acc.values, 0, width);
        return acc;
    }

    /** Copies an accumulator's values (not its sketches) into {@code v} at {@code at}. */
    public void copyValues(Accumulator acc, long[] v, int at) {
        System.arraycopy(acc.values, 0, v, at, width);
    }

    private static void addDistinct(Accumulator acc, int s, long hash) {
        if (acc.sketches[s] == null) {
            acc.sketches[s] = UltraLogLog.create(DISTINCT_P);
        }
        acc.sketches[s].add(hash);
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
    public void mergeValues(long[] into, int at, long[] from, int fromAt) {
        for (int i = 0; i < kinds.length; i++) {
            merge(kinds[i], into, at + offsets[i], from, fromAt + offsets[i]);
        }
    }

    private static void merge(AggregateSpec.Kind kind, long[] a, int ao, long[] b, int bo) {
        switch (kind) {
            case COUNT -> a[ao] += b[bo];
            case SUM -> {
                Exact.add(a, ao, b, bo);
                Exact.addDecimal(a, ao + 2, b[bo + 2]);
            }
            case MIN -> keepExtreme(a, ao, b[bo], b[bo + 1], -1);
            case MAX -> keepExtreme(a, ao, b[bo], b[bo + 1], 1);
            case AVG -> {
                Exact.add(a, ao, b, bo);
                Exact.addDecimal(a, ao + 2, b[bo + 2]);
                a[ao + 3] += b[bo + 3];
            }
            default -> throw new IllegalStateException(kind + " needs a sketch");
        }
    }

    /** Writes an accumulator (deterministic bytes). */
    public void write(Accumulator acc, java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(acc.values.length);
        for (long v : acc.values) {
            out.writeLong(v);
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
            acc.values[i] = in.readLong();
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

    /** The value of every aggregate (absent for min, max and avg of no input). */
    public ResultValues results(Accumulator acc) {
        ResultValues out = results(acc.values, 0);
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == AggregateSpec.Kind.DISTINCT) {
                UltraLogLog s = acc.sketches[sketchIndex[i]];
                out.setLong(i, s == null ? 0 : Math.round(s.getDistinctCountEstimate()));
            }
        }
        return out;
    }

    /**
     * The value of every aggregate of the accumulator held in {@code v} at {@code at} (distinct ones read 0):
     * count an integer; sum an exact integer while every input was one, else a decimal; min and max the extreme
     * input as it came (an integer or a decimal); avg a decimal.
     */
    public ResultValues results(long[] v, int at) {
        ResultValues out = new ResultValues(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            int o = at + offsets[i];
            switch (kinds[i]) {
                case COUNT -> out.setLong(i, v[o]);
                case DISTINCT -> out.setLong(i, 0);
                case SUM -> {
                    if (v[o + 2] == Exact.NO_DECIMAL) {
                        out.setInt128(i, v[o], v[o + 1]);
                    } else {
                        out.setDecimal(i, Exact.sum(v[o], v[o + 1], v[o + 2]));
                    }
                }
                case MIN, MAX -> {
                    if (v[o] == Inputs.INTEGER) {
                        out.setLong(i, v[o + 1]);
                    } else if (v[o] == Inputs.DECIMAL) {
                        out.setDecimal(i, Double.longBitsToDouble(v[o + 1]));
                    }
                }
                case AVG -> out.setDecimal(i, Exact.mean(v[o], v[o + 1], v[o + 2], v[o + 3]));
            }
        }
        return out;
    }
}
