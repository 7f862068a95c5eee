package dev.tally.control.query;

import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
import java.util.Map;

/**
 * One result row as the API shows it: the aggregate values by name (integers as whole numbers, null for no value).
 *
 * @param windowStart inclusive, epoch ms
 * @param windowEnd   exclusive, epoch ms
 */
record ResultRow(String key, long windowStart, long windowEnd, Map<String, Number> values, Firing firing,
        int revision) {

    static ResultRow of(JobSpec spec, WindowResult r) {
        return new ResultRow(r.key(), r.start(), r.end(), StateEntryView.values(spec, r.values()), r.firing(), r.revision());
    }

    /** A key in a window. */
    record Cell(String key, long windowStart, long windowEnd) {
    }

    Cell cell() {
        return new Cell(key, windowStart, windowEnd);
    }
}
