package dev.tally.control.query;

import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.StateEntries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One (key, window) state, live or in a savepoint, its values named by the aggregates of the version that holds
 * it (as results name them: Long, BigInteger or Double, null for no value). Times in epoch ms; the window is
 * {@code [windowStart, windowEnd)} (for count and global windows, the span of the elements it holds).
 *
 * @param revision the revision its next result will carry (how many times it has fired)
 */
public record StateEntryView(String key, long windowStart, long windowEnd, Map<String, Number> values,
        int revision) {

    public static StateEntryView of(JobSpec spec, StateEntries.Entry e) {
        return new StateEntryView(e.key(), e.start(), e.end(), values(spec, e.values()), e.revision());
    }

    /** {@code values} named by the aggregates of {@code spec}, in its order; null when {@code values} is null. */
    public static Map<String, Number> values(JobSpec spec, ResultValues values) {
        if (values == null) {
            return null;
        }
        Map<String, Number> out = new LinkedHashMap<>();
        List<AggregateSpec> aggs = spec.aggregates();
        for (int i = 0; i < aggs.size() && i < values.size(); i++) {
            out.put(aggs.get(i).name(), values.number(i)); // Long, BigInteger, Double or null
        }
        return out;
    }
}
