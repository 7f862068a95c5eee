package dev.tally.flink;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Flink's default event-time trigger (fire when the watermark reaches the window's last millisecond, and at once
 * for an element that arrives after that within the allowed lateness) that also marks each firing caused by such
 * an element in the window's state ({@link #LATE_FIRING}), so that {@link ResultLabeler} labels it LATE even when
 * it is the window's first firing, as the embedded engine does. The mark lives in the window's namespace of the
 * keyed state, which the window function reads through its per-window state.
 */
final class LateFiringTrigger extends Trigger<Object, TimeWindow> {

    private static final long serialVersionUID = 1L;

    /** Set by a trigger firing for a late element; read and cleared by {@link ResultLabeler}. */
    static final ValueStateDescriptor<Boolean> LATE_FIRING = new ValueStateDescriptor<>("late-firing", Boolean.class);

    /** Set by an early timer's firing (which may run after the watermark passed the end); read by the labeler. */
    static final ValueStateDescriptor<Boolean> EARLY_FIRING =
            new ValueStateDescriptor<>("early-firing", Boolean.class);

    /** Marks the firing an element arriving behind the window's end causes; call from a trigger's onElement. */
    static TriggerResult fireLate(TriggerContext ctx) throws java.io.IOException {
        ValueState<Boolean> mark = ctx.getPartitionedState(LATE_FIRING);
        mark.update(true);
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return fireLate(ctx);
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
        return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ctx.getPartitionedState(LATE_FIRING).clear();
    }

    @Override
    public String toString() {
        return "LateFiringTrigger()";
    }
}
