package dev.tally.flink;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tally's {@code early} trigger on event-time windows: like Flink's {@code ContinuousEventTimeTrigger}, one chain of
 * event-time timers per key and window, started by its first element at the next multiple of the interval
 * (aligned to the epoch, floor semantics for negative times); each multiple fires once (EARLY) and the chain ends
 * before the window's last millisecond, where the on-time firing is. An element arriving when the watermark is
 * past the window's end (within the allowed lateness) fires at once. Unlike the continuous trigger, no timer
 * outlives the window's end, so a window kept for lateness never fires again without a new element.
 */
final class EarlyTrigger extends Trigger<Object, TimeWindow> {

    private static final long serialVersionUID = 1L;
    /** The chain reached the window's end. */
    private static final long DONE = Long.MIN_VALUE;

    private final long interval;
    private final ValueStateDescriptor<Long> next = new ValueStateDescriptor<>("early-next", Long.class);

    EarlyTrigger(long intervalMillis) {
        this.interval = intervalMillis;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        long maxTs = window.maxTimestamp();
        if (maxTs <= ctx.getCurrentWatermark()) {
            return LateFiringTrigger.fireLate(ctx);
        }
        ctx.registerEventTimeTimer(maxTs);
        ValueState<Long> chain = ctx.getPartitionedState(next);
        if (chain.value() == null) {
            chain(chain, timestamp - Math.floorMod(timestamp, interval) + interval, maxTs, ctx);
        }
        return TriggerResult.CONTINUE;
    }

    private void chain(ValueState<Long> chain, long at, long maxTs, TriggerContext ctx) throws java.io.IOException {
        if (at < maxTs) {
            chain.update(at);
            ctx.registerEventTimeTimer(at);
        } else {
            chain.update(DONE);
        }
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        if (time == window.maxTimestamp()) {
            return TriggerResult.FIRE;
        }
        ValueState<Long> chain = ctx.getPartitionedState(next);
        Long at = chain.value();
        if (at == null || at != time) {
            return TriggerResult.CONTINUE;
        }
        long following = time > Long.MAX_VALUE - interval ? Long.MAX_VALUE : time + interval;
        chain(chain, following, window.maxTimestamp(), ctx);
        ctx.getPartitionedState(LateFiringTrigger.EARLY_FIRING).update(true);
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ValueState<Long> chain = ctx.getPartitionedState(next);
        Long at = chain.value();
        if (at != null && at != DONE) {
            ctx.deleteEventTimeTimer(at);
        }
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        chain.clear();
        ctx.getPartitionedState(LateFiringTrigger.LATE_FIRING).clear();
        ctx.getPartitionedState(LateFiringTrigger.EARLY_FIRING).clear();
    }

    @Override
    public String toString() {
        return "EarlyTrigger(" + interval + ")";
    }
}
