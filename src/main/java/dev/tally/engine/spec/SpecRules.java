package dev.tally.engine.spec;

import java.util.ArrayList;
import java.util.List;

/** Checks across sections of a spec: combinations that are invalid (errors) or that lose data (warnings). */
final class SpecRules {

    private SpecRules() {
    }

    static void check(SpecTree t, JobSpec s) {
        WindowSpec.Kind kind = s.window().kind();
        boolean timeWindow = kind == WindowSpec.Kind.TUMBLING || kind == WindowSpec.Kind.SLIDING;
        boolean processing = s.time().mode() == TimeSpec.Mode.PROCESSING;
        TriggerSpec trigger = s.trigger();
        if (kind == WindowSpec.Kind.COUNT && trigger != null) {
            t.error("/trigger", "count windows fire by their count; remove the trigger");
        }
        if (trigger != null && trigger.early() != null && processing) {
            t.error("/trigger/early", "early firings follow the watermark; they need event or ingestion time");
        }
        if (trigger != null && trigger.processingTime() && !timeWindow) {
            t.error("/trigger/processingTime", "a processing-time trigger needs tumbling or sliding windows");
        }
        if (processing && kind == WindowSpec.Kind.SESSION) {
            t.error("/window/kind", "session windows need event or ingestion time");
        }
        EvictorSpec ev = s.evictor();
        if (ev != null && kind == WindowSpec.Kind.SESSION) {
            t.error("/evictor", "evictors are not supported on session windows");
        }
        if (ev != null && ev.kind() == EvictorSpec.Kind.DELTA && ev.field() == null
                && (s.aggregates().isEmpty() || s.aggregates().get(0).field() == null)) {
            t.error("/evictor/field", "is required when the first aggregate has no field");
        }
    }

    static List<SpecError> warnings(JobSpec s) {
        List<SpecError> w = new ArrayList<>();
        WindowSpec.Kind kind = s.window().kind();
        TriggerSpec trigger = s.trigger();
        boolean countWindow = kind == WindowSpec.Kind.COUNT || kind == WindowSpec.Kind.GLOBAL;
        if (trigger != null && trigger.count() > 0 && !countWindow) {
            w.add(new SpecError("/trigger/count", "replaces the default trigger: the window never fires at its end, "
                    + "so elements after the last count firing are never emitted"));
        }
        if (kind == WindowSpec.Kind.GLOBAL && (trigger == null || (trigger.count() == 0 && trigger.early() == null))
                && !s.window().flushOnEnd()) {
            w.add(new SpecError("/window/kind", "a global window without a count or early trigger never fires"));
        }
        if (!s.allowedLateness().isZero() && (s.time().mode() == TimeSpec.Mode.PROCESSING || countWindow)) {
            w.add(new SpecError("/allowedLateness", "ignored: only event-time windows have lateness"));
        }
        CheckpointSpec c = s.checkpoints();
        if (c != null && c.mode() == CheckpointSpec.Mode.AT_LEAST_ONCE
                && s.sinks().stream().anyMatch(k -> k.kind() == SinkSpec.Kind.KAFKA)) {
            w.add(new SpecError("/checkpoints/mode", "at-least-once: the Kafka sinks (results, late elements, dead "
                    + "letters) are written at once, so a restart writes again what came after the last checkpoint; "
                    + "exactly-once writes them with each checkpoint"));
        }
        return w;
    }
}
