package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.spec.TriggerSpec;
import dev.tally.engine.spec.WindowSpec;

/** Builds the window operator a spec asks for. */
public final class WindowOperators {

    private WindowOperators() {
    }

    /**
     * @param stride      inputs per element (one per aggregate, plus the delta evictor's value if it has a field)
     * @param deltaColumn the input column a delta evictor compares
     */
    public static WindowOperator create(JobSpec spec, Aggregates aggregates, int stride, int deltaColumn,
            WindowOutput output) {
        WindowSpec w = spec.window();
        TriggerSpec t = trigger(spec);
        long early = t.early() == null ? 0 : t.early().toMillis();
        long lateness = spec.allowedLateness().toMillis();
        Evictor evictor = spec.evictor() == null ? null : new Evictor(spec.evictor(), deltaColumn);
        switch (w.kind()) {
            case TUMBLING, SLIDING -> {
                TimeWindows tw = timeWindows(w);
                if (compact(spec, aggregates)) {
                    return new CompactWindowOperator(tw, lateness, aggregates, stride, output);
                }
                Panes panes = new Panes(aggregates, evictor, stride, t.purge(), output);
                return new TimeWindowOperator(tw, spec.time().mode() == TimeSpec.Mode.PROCESSING, lateness, t.count(),
                        early, t.processingTime(), panes, output);
            }
            case SESSION -> {
                Panes panes = new Panes(aggregates, null, stride, t.purge(), output);
                return new SessionWindowOperator(w.gap().toMillis(), lateness, t.count(), panes, output);
            }
            case COUNT -> {
                boolean sliding = w.countSlide() > 0 && w.countSlide() < w.count();
                Evictor keep = sliding ? Evictor.keepNewest(w.count()) : evictor;
                Panes panes = new Panes(aggregates, keep, stride, !sliding, output);
                return new GlobalWindowOperator(sliding ? w.countSlide() : w.count(), 0, w.flushOnEnd(), true, panes);
            }
            default -> {
                Panes panes = new Panes(aggregates, evictor, stride, t.purge(), output);
                return new GlobalWindowOperator(t.count(), early, w.flushOnEnd(), false, panes);
            }
        }
    }

    /**
     * The windows of a job whose operator takes pre-aggregated partials, or null. A partial stands for elements
     * of one key in one pane; the operator's results depend only on their merged values when the windows are
     * event-time tumbling or sliding ones with the default trigger, no evictor, no distinct aggregate and no
     * allowed lateness (a late firing per element, which a partial would merge into one).
     */
    public static TimeWindows partialWindows(JobSpec spec, Aggregates aggregates) {
        WindowSpec w = spec.window();
        boolean time = w.kind() == WindowSpec.Kind.TUMBLING || w.kind() == WindowSpec.Kind.SLIDING;
        return time && compact(spec, aggregates) && spec.allowedLateness().isZero() ? timeWindows(w) : null;
    }

    private static boolean compact(JobSpec spec, Aggregates aggregates) {
        TriggerSpec t = trigger(spec);
        return CompactWindowOperator.serves(spec.time().mode() != TimeSpec.Mode.PROCESSING, spec.evictor() != null,
                t.count(), t.early() == null ? 0 : t.early().toMillis(), t.processingTime(), t.purge(), aggregates);
    }

    private static TriggerSpec trigger(JobSpec spec) {
        return spec.trigger() == null ? new TriggerSpec(null, 0, false, false) : spec.trigger();
    }

    private static TimeWindows timeWindows(WindowSpec w) {
        return w.kind() == WindowSpec.Kind.TUMBLING
                ? TimeWindows.tumbling(w.size().toMillis(), w.offset().toMillis())
                : TimeWindows.sliding(w.size().toMillis(), w.slide().toMillis(), w.offset().toMillis());
    }
}
