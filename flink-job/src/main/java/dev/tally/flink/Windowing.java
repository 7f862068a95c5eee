package dev.tally.flink;

import dev.tally.engine.aggregate.Inputs;
import dev.tally.engine.spec.EvictorSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.spec.TriggerSpec;
import dev.tally.engine.spec.WindowSpec;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.functions.windowing.delta.DeltaFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.evictors.CountEvictor;
import org.apache.flink.streaming.api.windowing.evictors.DeltaEvictor;
import org.apache.flink.streaming.api.windowing.evictors.Evictor;
import org.apache.flink.streaming.api.windowing.evictors.TimeEvictor;
import org.apache.flink.streaming.api.windowing.triggers.CountTrigger;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.ProcessingTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.PurgingTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * A spec's window, trigger and evictor as Flink's: assigners with the same alignment and offsets, Flink's count,
 * processing-time and purging triggers, Tally's {@link EarlyTrigger}, and Flink's count, time and delta evictors.
 * Call only for specs {@link dev.tally.engine.spec.FlinkCompatibility} accepts. Stateless.
 */
final class Windowing {

    private Windowing() {
    }

    /** The keyed stream windowed as the spec says (trigger and evictor set; lateness is the caller's). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static WindowedStream<TallyElement, String, ? extends Window> window(KeyedStream<TallyElement, String> keyed,
            JobSpec spec) {
        WindowSpec w = spec.window();
        TriggerSpec t = spec.trigger();
        boolean processing = spec.time().mode() == TimeSpec.Mode.PROCESSING;
        WindowedStream ws;
        Trigger trigger;
        switch (w.kind()) {
            case COUNT -> {
                boolean sliding = w.countSlide() > 0 && w.countSlide() < w.count();
                ws = keyed.window(GlobalWindows.create());
                if (sliding) {
                    return ws.trigger(CountTrigger.of(w.countSlide())).evictor(CountEvictor.of(w.count()));
                }
                ws = ws.trigger(PurgingTrigger.of(CountTrigger.of(w.count())));
                return spec.evictor() == null ? ws : ws.evictor(evictor(spec));
            }
            case GLOBAL -> {
                ws = keyed.window(GlobalWindows.create());
                trigger = t != null && t.count() > 0 ? CountTrigger.of(t.count()) : null;
            }
            case SESSION -> {
                ws = keyed.window(EventTimeSessionWindows.withGap(w.gap()));
                trigger = null;
            }
            default -> {
                ws = keyed.window(timeWindows(w, processing));
                trigger = timeTrigger(t, processing);
            }
        }
        if (trigger == null && !processing && (w.kind() == WindowSpec.Kind.TUMBLING
                || w.kind() == WindowSpec.Kind.SLIDING)) {
            trigger = new LateFiringTrigger();
        }
        if (t != null && t.purge() && (trigger != null || w.kind() != WindowSpec.Kind.GLOBAL)) {
            // a global window without a count trigger never fires: purging it changes nothing
            trigger = PurgingTrigger.of(trigger != null ? trigger
                    : processing ? ProcessingTimeTrigger.create() : EventTimeTrigger.create());
        }
        if (trigger != null) {
            ws = ws.trigger(trigger);
        }
        return spec.evictor() == null ? ws : ws.evictor(evictor(spec));
    }

    private static WindowAssigner<Object, ?> timeWindows(WindowSpec w, boolean processing) {
        Duration offset = w.offset() == null ? Duration.ZERO : w.offset();
        if (w.kind() == WindowSpec.Kind.TUMBLING) {
            return processing ? TumblingProcessingTimeWindows.of(w.size(), offset)
                    : TumblingEventTimeWindows.of(w.size(), offset);
        }
        return processing ? SlidingProcessingTimeWindows.of(w.size(), w.slide(), offset)
                : SlidingEventTimeWindows.of(w.size(), w.slide(), offset);
    }

    /** The trigger replacing a time window's default one, or null to keep it. */
    private static Trigger<Object, ?> timeTrigger(TriggerSpec t, boolean processing) {
        if (t == null) {
            return null;
        }
        if (t.early() != null) {
            return (Trigger) new EarlyTrigger(t.early().toMillis());
        }
        if (t.count() > 0) {
            return CountTrigger.of(t.count());
        }
        if (t.processingTime() && !processing) {
            return ProcessingTimeTrigger.create();
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Evictor evictor(JobSpec spec) {
        EvictorSpec e = spec.evictor();
        return switch (e.kind()) {
            case COUNT -> CountEvictor.of(e.count(), e.after());
            case TIME -> TimeEvictor.of(e.interval(), e.after());
            case DELTA -> DeltaEvictor.of(e.threshold(), new InputDelta(deltaColumn(spec)), e.after());
        };
    }

    /** The input column a delta evictor compares: its own field's (after the aggregates'), else the first one. */
    static int deltaColumn(JobSpec spec) {
        return spec.evictor().field() != null ? spec.aggregates().size() : 0;
    }

    /** |a − b| of one input column, as doubles (as the embedded engine's delta evictor compares them). */
    private record InputDelta(int column) implements DeltaFunction<TallyElement> {
        @Override
        public double getDelta(TallyElement oldPoint, TallyElement newPoint) {
            return Math.abs(Inputs.doubleValue(oldPoint.inputs, column * Inputs.SLOTS)
                    - Inputs.doubleValue(newPoint.inputs, column * Inputs.SLOTS));
        }
    }

    /** How the spec's results are labelled (see {@link ResultLabeler}). */
    static ResultLabeler.Labels labels(JobSpec spec) {
        TriggerSpec t = spec.trigger();
        return switch (spec.window().kind()) {
            case COUNT -> ResultLabeler.Labels.COUNT_WINDOW;
            case GLOBAL -> ResultLabeler.Labels.GLOBAL_WINDOW;
            case SESSION -> ResultLabeler.Labels.SESSION;
            default -> spec.time().mode() == TimeSpec.Mode.PROCESSING || (t != null && t.processingTime())
                    ? ResultLabeler.Labels.PROCESSING_TIME
                    : t != null && t.count() > 0 ? ResultLabeler.Labels.COUNT_TRIGGER : ResultLabeler.Labels.EVENT_TIME;
        };
    }
}
