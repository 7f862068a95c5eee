package dev.tally.engine.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * What of a job spec the Tally job for Apache Flink ({@code flink-job/}) translates, feature by feature: each
 * SUPPORTED (same results as the embedded engine), APPROXIMATE (runs, with the difference named in the note) or
 * UNSUPPORTED (the spec is refused for Flink, with the reason). Needs no Flink class, so the control plane can show
 * the report before anything is deployed; the Flink job itself refuses a spec with an UNSUPPORTED feature.
 * Stateless and thread-safe.
 */
public final class FlinkCompatibility {

    /** How a feature runs on Flink. */
    public enum Support {
        /** Translated with the embedded engine's semantics. */
        SUPPORTED,
        /** Translated; behaves differently in the way the note says. */
        APPROXIMATE,
        /** Not translated: the spec cannot run on Flink. */
        UNSUPPORTED
    }

    /**
     * One feature of a spec.
     *
     * @param pointer JSON pointer to the spec field ({@code ""} for the job as a whole)
     * @param feature short name, for example {@code window: session}
     * @param support how it runs on Flink
     * @param note    why, in one sentence
     */
    public record Feature(String pointer, String feature, Support support, String note) {
    }

    /**
     * The report for one spec.
     *
     * @param features every feature the spec uses, in spec order, plus the job-wide notes
     */
    public record Report(List<Feature> features) {

        public Report {
            features = List.copyOf(features);
        }

        /** Whether the spec can run on Flink (no feature is UNSUPPORTED). */
        public boolean runnable() {
            return unsupported().isEmpty();
        }

        /** The features that keep the spec from running on Flink. */
        public List<Feature> unsupported() {
            return features.stream().filter(f -> f.support() == Support.UNSUPPORTED).toList();
        }
    }

    private FlinkCompatibility() {
    }

    /** Classifies every feature of {@code spec}. */
    public static Report check(JobSpec spec) {
        List<Feature> out = new ArrayList<>();
        source(spec, out);
        time(spec, out);
        if (!spec.lookups().isEmpty()) {
            out.add(new Feature("/lookups", "lookups", Support.APPROXIMATE,
                    "lookup files are read by every TaskManager, from the same path under the job's --work-dir"));
        }
        window(spec, out);
        trigger(spec, out);
        evictor(spec, out);
        lateness(spec, out);
        for (int i = 0; i < spec.aggregates().size(); i++) {
            AggregateSpec a = spec.aggregates().get(i);
            out.add(new Feature("/aggregates/" + i, "aggregate: " + a.kind().name().toLowerCase(), Support.SUPPORTED,
                    a.kind() == AggregateSpec.Kind.DISTINCT ? "the same UltraLogLog sketch, serialized by Tally's own"
                            + " serializer" : "Tally's own accumulator: integer sums exact, decimals added alike"));
        }
        sinks(spec, out);
        checkpoints(spec, out);
        out.add(new Feature("/maxParallelism", "key groups", Support.SUPPORTED, "max parallelism pinned to "
                + spec.maxParallelism() + ": every key lands in the same key group as in the embedded engine"));
        out.add(new Feature("", "savepoints", Support.APPROXIMATE, "Flink's savepoints store no watermark (after a"
                + " restore, windows wait for new events and late/on-time decisions may differ) and no partition"
                + " idleness; no restore across engines"));
        return new Report(out);
    }

    private static void source(JobSpec spec, List<Feature> out) {
        SourceSpec s = spec.source();
        switch (s.kind()) {
            case KAFKA -> out.add(new Feature("/source", "source: kafka", Support.SUPPORTED,
                    "Flink's KafkaSource with per-partition watermarks; offsets in Flink's checkpoints"));
            case FILE -> out.add(new Feature("/source", "source: file", Support.SUPPORTED,
                    "Flink's FileSource, one split, lines read as the embedded engine reads them"));
            case GENERATOR -> out.add(new Feature("/source", "source: generator", Support.UNSUPPORTED,
                    "the built-in generator exists only in the embedded engine"));
        }
        if (s.readers() > 0) {
            out.add(new Feature("/source/readers", "readers", Support.APPROXIMATE,
                    "Flink reads with one source subtask per parallel instance; the reader count is ignored"));
        }
    }

    private static void time(JobSpec spec, List<Feature> out) {
        TimeSpec t = spec.time();
        switch (t.mode()) {
            case EVENT -> out.add(new Feature("/time", "event time", Support.SUPPORTED,
                    "bounded out-of-orderness watermarks per partition, from every record before the filter"));
            case INGESTION -> out.add(new Feature("/time/mode", "ingestion time", Support.APPROXIMATE,
                    "the source subtask's clock stamps each record; results depend on when records are read"));
            case PROCESSING -> out.add(new Feature("/time/mode", "processing time", Support.APPROXIMATE,
                    "Flink's processing-time windows use the window subtask's clock, not the reader's"));
        }
        if (t.idleTimeout() != null) {
            out.add(new Feature("/time/idleTimeout", "idle timeout", Support.APPROXIMATE, "Flink's idleness is"
                    + " detected at the periodic emission and not restored from savepoints; a source subtask"
                    + " without partitions holds the watermark back until it is idle"));
        }
    }

    private static void window(JobSpec spec, List<Feature> out) {
        WindowSpec w = spec.window();
        String name = "window: " + w.kind().name().toLowerCase();
        switch (w.kind()) {
            case TUMBLING -> out.add(new Feature("/window", name, Support.SUPPORTED, "TumblingEventTimeWindows"));
            case SLIDING -> {
                boolean gaps = w.slide().compareTo(w.size()) > 0 && spec.hasOutput(SinkSpec.Output.LATE);
                out.add(new Feature("/window", name, gaps ? Support.APPROXIMATE : Support.SUPPORTED, gaps
                        ? "with slide > size, Flink sends an element between windows that is behind the watermark to"
                                + " the late output, where the embedded engine drops it silently"
                        : "SlidingEventTimeWindows"));
            }
            case SESSION -> {
                TriggerSpec t = spec.trigger();
                boolean once = (t == null || (t.early() == null && t.count() == 0 && !t.processingTime()))
                        && spec.allowedLateness().isZero();
                out.add(new Feature("/window", name, once ? Support.SUPPORTED : Support.UNSUPPORTED, once
                        ? "EventTimeSessionWindows (windows that touch merge, as in the embedded engine)"
                        : "session windows that fire more than once (lateness, count, early or processing-time"
                                + " triggers) need the revisions and replaced windows Flink's merging windows lack"));
            }
            case COUNT -> out.add(new Feature("/window", name, w.flushOnEnd() ? Support.UNSUPPORTED
                    : Support.SUPPORTED, w.flushOnEnd() ? "flushOnEnd is not translated yet"
                            : "GlobalWindows with a purging count trigger (sliding: a count evictor)"));
            case GLOBAL -> out.add(new Feature("/window", name, w.flushOnEnd() ? Support.UNSUPPORTED
                    : Support.SUPPORTED, w.flushOnEnd() ? "flushOnEnd is not translated yet" : "GlobalWindows"));
        }
    }

    private static void trigger(JobSpec spec, List<Feature> out) {
        TriggerSpec t = spec.trigger();
        if (t == null) {
            return;
        }
        boolean global = spec.window().kind() == WindowSpec.Kind.GLOBAL;
        boolean count = spec.window().kind() == WindowSpec.Kind.COUNT;
        boolean processingWindows = spec.time().mode() == TimeSpec.Mode.PROCESSING;
        if (t.early() != null) {
            boolean no = global || count || processingWindows;
            out.add(new Feature("/trigger/early", "early trigger", no ? Support.UNSUPPORTED : Support.SUPPORTED, no
                    ? "early firings are translated for event-time windows only"
                    : "an event-time timer chain per key and window, as Flink's ContinuousEventTimeTrigger"));
        }
        if (t.count() > 0) {
            out.add(new Feature("/trigger/count", "count trigger", count ? Support.UNSUPPORTED : Support.SUPPORTED,
                    count ? "a count window has its own count" : "Flink's CountTrigger"));
        }
        if (t.processingTime()) {
            out.add(new Feature("/trigger/processingTime", "processing-time trigger", global || count
                    ? Support.UNSUPPORTED : Support.APPROXIMATE, global || count ? "windows without an end cannot"
                            + " fire by the clock" : "fires by the window subtask's clock: not repeatable; an element"
                            + " arriving after the clock passed the window's end fires it again"));
        }
        if (t.purge()) {
            out.add(new Feature("/trigger/purge", "purge", Support.SUPPORTED, "Flink's PurgingTrigger"));
        }
    }

    private static void evictor(JobSpec spec, List<Feature> out) {
        EvictorSpec e = spec.evictor();
        if (e == null) {
            return;
        }
        boolean session = spec.window().kind() == WindowSpec.Kind.SESSION;
        boolean processing = spec.time().mode() == TimeSpec.Mode.PROCESSING;
        out.add(new Feature("/evictor", "evictor: " + e.kind().name().toLowerCase(),
                session || processing ? Support.UNSUPPORTED : Support.SUPPORTED, session || processing
                        ? "evictors are translated for event-time, count and global windows only"
                        : "Flink's " + e.kind().name().charAt(0) + e.kind().name().substring(1).toLowerCase()
                                + "Evictor; windows then buffer their elements"));
    }

    private static void lateness(JobSpec spec, List<Feature> out) {
        if (!spec.allowedLateness().isZero()) {
            out.add(new Feature("/allowedLateness", "allowed lateness", Support.SUPPORTED,
                    "allowedLateness: each late element within it fires its window again (LATE)"));
        }
    }

    private static void sinks(JobSpec spec, List<Feature> out) {
        boolean kafkaResults = spec.sinks().stream()
                .anyMatch(x -> x.kind() == SinkSpec.Kind.KAFKA && x.output() == SinkSpec.Output.RESULTS);
        if (!kafkaResults) {
            out.add(new Feature("/sinks", "results", Support.APPROXIMATE, "no Kafka sink for results: on Flink the"
                    + " results go only to the files the job's --output names (the result table is the engine's)"));
        }
        for (int i = 0; i < spec.sinks().size(); i++) {
            SinkSpec s = spec.sinks().get(i);
            String output = s.output().name().toLowerCase().replace('_', '-');
            if (s.kind() == SinkSpec.Kind.KAFKA) {
                out.add(new Feature("/sinks/" + i, "kafka sink: " + output, Support.SUPPORTED, spec.exactlyOnceKafka()
                        ? "KafkaSink, exactly once: one transaction per checkpoint, a stable transactional id prefix"
                        : "KafkaSink, at least once"));
            } else {
                out.add(new Feature("/sinks/" + i, "table: " + output, Support.APPROXIMATE,
                        "the in-memory table lives in the embedded engine; on Flink use a Kafka sink"));
            }
        }
    }

    private static void checkpoints(JobSpec spec, List<Feature> out) {
        CheckpointSpec c = spec.checkpoints();
        if (c == null) {
            return;
        }
        out.add(new Feature("/checkpoints", "checkpoints", Support.SUPPORTED, "Flink checkpoints every "
                + c.interval().toMillis() + " ms, " + c.mode().name().toLowerCase().replace('_', '-')));
        if (c.retain() > 0) {
            out.add(new Feature("/checkpoints/retain", "retained checkpoints", Support.APPROXIMATE,
                    "Flink keeps as many as the cluster's state.checkpoints.num-retained says"));
        }
    }
}
