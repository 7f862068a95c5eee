package dev.tally.engine.window;

import dev.tally.engine.aggregate.ResultValues;
import java.util.List;

/**
 * One output record: the aggregate values of a key in a window {@code [start, end)}. Results are cumulative
 * updates: {@code revision} is 0 for the first result of a key and window, then 1, 2, ... When session windows
 * merge, the first result of the merged window lists the windows it replaces. For count and global windows,
 * {@code [start, end)} is the event-time span of the elements counted. Immutable.
 *
 * @param key      the key
 * @param start    window start, inclusive (epoch ms)
 * @param end      window end, exclusive (epoch ms); the result's timestamp is {@code end - 1}
 * @param values   aggregate values in the order of the spec (exact integers or decimals, some absent)
 * @param firing   why it was emitted
 * @param revision 0, 1, 2, ... per key and window
 * @param replaces windows of this key that this result replaces (session merges), usually empty
 */
public record WindowResult(String key, long start, long end, ResultValues values, Firing firing, int revision,
        List<Window> replaces) {

    public WindowResult(String key, long start, long end, ResultValues values, Firing firing, int revision) {
        this(key, start, end, values, firing, revision, List.of());
    }

    /** The timestamp the result carries: the window's last millisecond. */
    public long timestamp() {
        return end - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowResult r && key.equals(r.key) && start == r.start && end == r.end
                && values.equals(r.values) && firing == r.firing && revision == r.revision
                && replaces.equals(r.replaces);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(start) * 17 + values.hashCode() + revision;
    }

    @Override
    public String toString() {
        return key + "[" + start + "," + end + ")=" + values + " " + firing + "#" + revision
                + (replaces.isEmpty() ? "" : " replaces " + replaces);
    }
}
