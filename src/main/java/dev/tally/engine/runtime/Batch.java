package dev.tally.engine.runtime;

/**
 * A batch of messages from one reader to one subtask, in order: elements and the control messages that must stay
 * in order with them (watermarks, idleness, processing-time ticks, barriers, end of input). Columnar, reused
 * after the subtask has processed it. Written by the reader thread, then read by the subtask thread (handed over
 * through a queue, which orders the writes before the reads).
 */
final class Batch {

    static final byte ELEMENT = 0;
    static final byte WATERMARK = 1;
    static final byte IDLE = 2;
    static final byte TICK = 3;
    static final byte SYNC = 4;
    static final byte END = 5;
    /** A reader's pre-aggregated partial: its values, then its element count, at {@code values[slot * stride]}. */
    static final byte PARTIAL = 6;

    final int reader;
    final int stride;
    final byte[] kinds;
    final String[] keys;
    final long[] times;
    /** Element inputs (laid out as {@link dev.tally.engine.aggregate.Inputs} says) or partials' slots. */
    final long[] values;
    final byte[][] raws;
    int size;

    Batch(int reader, int capacity, int stride) {
        this.reader = reader;
        this.stride = stride;
        this.kinds = new byte[capacity];
        this.keys = new String[capacity];
        this.times = new long[capacity];
        this.values = new long[capacity * stride];
        this.raws = new byte[capacity][];
    }

    boolean full() {
        return size == kinds.length;
    }

    /** Appends an element; its inputs are written by the caller at {@code values[slot * stride]}. */
    int element(String key, long ts, byte[] raw) {
        int i = size++;
        kinds[i] = ELEMENT;
        keys[i] = key;
        times[i] = ts;
        raws[i] = raw;
        return i;
    }

    /**
     * Appends a partial of {@code count} elements, kept in the last of its {@code stride} values; the caller writes
     * the others at {@code values[slot * stride]}.
     */
    int partial(String key, long ts, long count) {
        int i = element(key, ts, null);
        kinds[i] = PARTIAL;
        values[(i + 1) * stride - 1] = count;
        return i;
    }

    /** How many elements the partial at {@code i} stands for. */
    long count(int i) {
        return values[(i + 1) * stride - 1];
    }

    void control(byte kind, long value) {
        int i = size++;
        kinds[i] = kind;
        keys[i] = null;
        times[i] = value;
        raws[i] = null;
    }

    void clear() {
        java.util.Arrays.fill(keys, 0, size, null);
        java.util.Arrays.fill(raws, 0, size, null);
        size = 0;
    }
}
