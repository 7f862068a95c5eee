package dev.tally.flink;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.io.kafka.ResultJson;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.api.windowing.windows.Window;
import org.apache.flink.util.Collector;

/**
 * Turns a window's aggregate into Tally's result record (key, {@code [start, end)}, values, firing, revision,
 * as {@link ResultJson} writes it), labelling each firing as the embedded engine does. Time windows: EARLY
 * before the watermark reaches {@code end - 1}, then ON_TIME for the firing when it does and LATE for firings
 * caused by elements arriving after that (marked by {@link LateFiringTrigger}) (a count trigger never fires ON_TIME: LATE once the watermark is past the end). Count and global
 * windows report the span of their elements and fire ON_TIME; a count window's revisions restart with each
 * firing. The revision is per-window state, except for session windows, where Flink has none (they are
 * translated only where they fire once). Thread-safe as Flink uses it (one instance per subtask).
 */
final class ResultLabeler<W extends Window> extends ProcessWindowFunction<WindowAccumulator, OutputRecord, String, W> {

    private static final long serialVersionUID = 1L;

    /** How firings are labelled. */
    enum Labels {
        /** Event-time windows with the default or early trigger. */
        EVENT_TIME,
        /** Event-time windows whose count trigger replaced the default one. */
        COUNT_TRIGGER,
        /** Session windows (one firing, ON_TIME; no per-window state). */
        SESSION,
        /** Processing-time firings: always ON_TIME. */
        PROCESSING_TIME,
        /** Count windows: the span of the elements, ON_TIME, revision 0 every firing. */
        COUNT_WINDOW,
        /** Global windows: the span of the elements, ON_TIME, revisions counting up. */
        GLOBAL_WINDOW
    }

    private static final ValueStateDescriptor<Integer> REVISION = new ValueStateDescriptor<>("revision", Integer.class);
    private static final ValueStateDescriptor<Boolean> ON_TIME_DONE =
            new ValueStateDescriptor<>("on-time-fired", Boolean.class);

    private final List<String> names;
    private final List<AggregateSpec.Kind> kinds;
    private final Labels labels;
    private transient Aggregates aggregates;
    private transient ResultJson json;

    ResultLabeler(List<AggregateSpec> specs, Labels labels) {
        this.names = List.copyOf(specs.stream().map(AggregateSpec::name).toList());
        this.kinds = List.copyOf(specs.stream().map(AggregateSpec::kind).toList());
        this.labels = labels;
    }

    @Override
    public void process(String key, Context context, Iterable<WindowAccumulator> elements,
            Collector<OutputRecord> out) throws Exception {
        if (aggregates == null) {
            aggregates = WindowAccumulatorSerializer.aggregates(kinds);
            json = new ResultJson(names, aggregates);
        }
        WindowAccumulator acc = elements.iterator().next();
        if (acc.elements == 0) {
            return;
        }
        long start;
        long end;
        if (context.window() instanceof TimeWindow w && labels != Labels.COUNT_WINDOW
                && labels != Labels.GLOBAL_WINDOW) {
            start = w.getStart();
            end = w.getEnd();
        } else {
            start = acc.minTimestamp;
            end = acc.maxTimestamp + 1;
        }
        Firing firing = firing(context, end - 1);
        int revision = 0;
        if (labels != Labels.SESSION && labels != Labels.COUNT_WINDOW) {
            ValueState<Integer> r = context.windowState().getState(REVISION);
            revision = r.value() == null ? 0 : r.value();
            r.update(revision + 1);
        }
        WindowResult result = new WindowResult(key, start, end, aggregates.results(acc.values), firing, revision);
        out.collect(new OutputRecord(key, json.encode(result).getBytes(StandardCharsets.UTF_8), null, null));
    }

    private Firing firing(Context context, long maxTimestamp) throws java.io.IOException {
        switch (labels) {
            case EVENT_TIME -> {
                ValueState<Boolean> early = context.windowState().getState(LateFiringTrigger.EARLY_FIRING);
                if (early.value() != null) { // an early timer, even when the watermark jumped past the end with it
                    early.clear();
                    return Firing.EARLY;
                }
                if (context.currentWatermark() < maxTimestamp) {
                    return Firing.EARLY;
                }
                ValueState<Boolean> late = context.windowState().getState(LateFiringTrigger.LATE_FIRING);
                if (late.value() != null) { // an element behind the window's end fired it
                    late.clear();
                    return Firing.LATE;
                }
                ValueState<Boolean> done = context.windowState().getState(ON_TIME_DONE);
                if (done.value() == null) {
                    done.update(true);
                    return Firing.ON_TIME;
                }
                return Firing.LATE;
            }
            case COUNT_TRIGGER -> {
                return context.currentWatermark() < maxTimestamp ? Firing.EARLY : Firing.LATE;
            }
            default -> {
                return Firing.ON_TIME;
            }
        }
    }

    @Override
    public void clear(Context context) throws Exception {
        if (labels != Labels.SESSION) {
            context.windowState().getState(REVISION).clear();
            context.windowState().getState(ON_TIME_DONE).clear();
        }
    }
}
