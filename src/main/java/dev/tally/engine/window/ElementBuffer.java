package dev.tally.engine.window;

import dev.tally.engine.aggregate.Inputs;
import java.util.Arrays;

/**
 * The elements of one window, kept only when an evictor needs them: timestamps and input vectors in arrival
 * order, the inputs laid out as {@link Inputs} says. Not thread-safe.
 */
final class ElementBuffer {

    private final int stride;
    private long[] times = new long[4];
    private long[] values;
    private int size;

    ElementBuffer(int stride) {
        this.stride = stride;
        this.values = new long[4 * stride];
    }

    void add(long ts, long[] inputs, int from) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2 * stride);
        }
        times[size] = ts;
        System.arraycopy(inputs, from, values, size * stride, stride);
        size++;
    }

    int size() {
        return size;
    }

    int stride() {
        return stride;
    }

    long time(int i) {
        return times[i];
    }

    /** Input column {@code column} of element {@code i} as a double (NaN: no value). */
    double value(int i, int column) {
        return Inputs.doubleValue(values, i * stride + column * Inputs.SLOTS);
    }

    long[] values() {
        return values;
    }

    int offset(int i) {
        return i * stride;
    }

    /** Keeps only the elements whose {@code keep[i]} is true, in order. */
    void retain(boolean[] keep) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (keep[r]) {
                times[w] = times[r];
                System.arraycopy(values, r * stride, values, w * stride, stride);
                w++;
            }
        }
        size = w;
    }

    /** Appends all elements of another buffer. */
    void addAll(ElementBuffer other) {
        for (int i = 0; i < other.size; i++) {
            add(other.times[i], other.values, i * other.stride);
        }
    }

    void clear() {
        size = 0;
    }
}
