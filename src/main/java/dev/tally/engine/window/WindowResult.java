package dev.tally.engine.window;

import java.util.Arrays;

/**
 * One output record: the aggregate values of a key in a window {@code [start, end)}. Results are cumulative
 * updates: {@code revision} is 0 for the first result of a key and window, then 1, 2, ... Immutable.
 *
 * @param key      the key
 * @param start    window start, inclusive (epoch ms)
 * @param end      window end, exclusive (epoch ms); the result's timestamp is {@code end - 1}
 * @param values   aggregate values in the order of the spec; NaN where an aggregate has no value
 * @param firing   why it was emitted
 * @param revision 0, 1, 2, ... per key and window
 */
public record WindowResult(String key, long start, long end, double[] values, Firing firing, int revision) {

    /** The timestamp the result carries: the window's last millisecond. */
    public long timestamp() {
        return end - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowResult r && key.equals(r.key) && start == r.start && end == r.end
                && Arrays.equals(values, r.values) && firing == r.firing && revision == r.revision;
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(start) * 17 + Arrays.hashCode(values) + revision;
    }

    @Override
    public String toString() {
        return key + "[" + start + "," + end + ")=" + Arrays.toString(values) + " " + firing + "#" + revision;
    }
}
