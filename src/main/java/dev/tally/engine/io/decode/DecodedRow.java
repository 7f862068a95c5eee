package dev.tally.engine.io.decode;

import dev.tally.engine.expr.Row;
import java.util.Arrays;

/** A reusable row of decoded field values. Not thread-safe: one per decoding thread. */
public final class DecodedRow implements Row {

    final Object[] values;

    public DecodedRow(int size) {
        values = new Object[size];
    }

    @Override
    public Object get(int slot) {
        return values[slot];
    }

    void clear() {
        Arrays.fill(values, null);
    }
}
