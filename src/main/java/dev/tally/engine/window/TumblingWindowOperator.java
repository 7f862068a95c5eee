package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Keyed tumbling event-time windows with incremental aggregation (one accumulator per key and window) and the
 * default event-time trigger: a window fires once when the watermark reaches {@code end - 1}; with allowed
 * lateness L its state is kept until the watermark reaches {@code end - 1 + L}, and each element added in
 * that time fires it again at once (LATE). Elements for windows already cleaned up are late-dropped.
 * Results of one watermark advance come out ordered by window start, then key. Not thread-safe.
 */
public final class TumblingWindowOperator {

    private final TumblingWindows windows;
    private final long lateness;
    private final Aggregates aggregates;
    private final Consumer<WindowResult> output;
    private final TreeMap<Long, Map<String, Slot>> state = new TreeMap<>();
    private long watermark = Long.MIN_VALUE;
    private long lateDropped;

    /** Accumulator and revision counter of one key in one window. */
    private static final class Slot {
        final double[] acc;
        int revision;

        Slot(double[] acc) {
            this.acc = acc;
        }
    }

    public TumblingWindowOperator(TumblingWindows windows, long lateness, Aggregates aggregates,
            Consumer<WindowResult> output) {
        this.windows = windows;
        this.lateness = lateness;
        this.aggregates = aggregates;
        this.output = output;
    }

    /**
     * Adds one element.
     *
     * @return false if the element was late-dropped
     */
    public boolean add(String key, long timestamp, double[] inputs) {
        long start = windows.start(timestamp);
        long end = start + windows.size();
        if (cleanupTime(end) <= watermark) {
            lateDropped++;
            return false;
        }
        Slot slot = state.computeIfAbsent(start, s -> new HashMap<>())
                .computeIfAbsent(key, k -> new Slot(aggregates.create()));
        aggregates.add(slot.acc, inputs);
        if (end - 1 <= watermark) {
            emit(key, start, end, slot, Firing.LATE);
        }
        return true;
    }

    /** Advances the watermark: fires windows whose end it reached and drops those past their lateness. */
    public void advance(long newWatermark) {
        if (newWatermark <= watermark) {
            return;
        }
        long old = watermark;
        watermark = newWatermark;
        for (var it = state.entrySet().iterator(); it.hasNext(); ) {
            var window = it.next();
            long start = window.getKey();
            long end = start + windows.size();
            if (end - 1 > newWatermark) {
                break;
            }
            if (end - 1 > old) {
                List<String> keys = new ArrayList<>(window.getValue().keySet());
                keys.sort(null);
                for (String key : keys) {
                    emit(key, start, end, window.getValue().get(key), Firing.ON_TIME);
                }
            }
            if (cleanupTime(end) <= newWatermark) {
                it.remove();
            }
        }
    }

    private long cleanupTime(long end) {
        long t = end - 1 + lateness;
        return t < end - 1 ? Long.MAX_VALUE : t;
    }

    private void emit(String key, long start, long end, Slot slot, Firing firing) {
        output.accept(new WindowResult(key, start, end, aggregates.results(slot.acc), firing, slot.revision++));
    }

    public long watermark() {
        return watermark;
    }

    public long lateDropped() {
        return lateDropped;
    }

    /** Number of (key, window) accumulators held. */
    public long stateEntries() {
        long n = 0;
        for (Map<String, Slot> w : state.values()) {
            n += w.size();
        }
        return n;
    }
}
