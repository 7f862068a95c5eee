package dev.tally.engine.spec;

import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Parsers for the sections of a job spec; each reports problems with the pointer of the field. */
final class SectionParsers {

    private SectionParsers() {
    }

    static SourceSpec source(SpecTree t, JsonNode root) {
        JsonNode s = t.object(root, "source", "/source", true);
        if (s == null) {
            return null;
        }
        t.onlyFields(s, "/source", Set.of("kind", "topic", "bootstrapServers", "startFrom", "path", "readers",
                "count", "seed", "rate", "partitions", "baseTime", "paced"));
        SourceSpec.Kind kind = t.choice(s, "kind", "/source/kind", SourceSpec.Kind.class, null);
        String topic = t.text(s, "topic", "/source/topic", kind == SourceSpec.Kind.KAFKA);
        if (topic != null && !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            t.error("/source/topic", "must be 1-249 letters, digits, '.', '_' or '-'");
        }
        String servers = t.text(s, "bootstrapServers", "/source/bootstrapServers", false);
        SourceSpec.StartFrom from = t.choice(s, "startFrom", "/source/startFrom", SourceSpec.StartFrom.class,
                SourceSpec.StartFrom.EARLIEST);
        String path = t.text(s, "path", "/source/path", kind == SourceSpec.Kind.FILE);
        int readers = (int) t.integer(s, "readers", "/source/readers", 0);
        if (readers < 0 || readers > 256) {
            t.error("/source/readers", "must be between 1 and 256 (or 0 for the job's parallelism)");
        }
        SourceSpec.GeneratorSpec gen = null;
        if (kind == SourceSpec.Kind.GENERATOR) {
            long count = t.integer(s, "count", "/source/count", 0);
            long rate = t.integer(s, "rate", "/source/rate", 1000);
            int partitions = (int) t.integer(s, "partitions", "/source/partitions", 4);
            nonNegative(t, count, "/source/count");
            if (rate <= 0) {
                t.error("/source/rate", "must be positive");
            }
            if (partitions <= 0 || partitions > 1024) {
                t.error("/source/partitions", "must be between 1 and 1024");
            }
            gen = new SourceSpec.GeneratorSpec(count, t.integer(s, "seed", "/source/seed", 1), rate, partitions,
                    t.integer(s, "baseTime", "/source/baseTime", 0), t.bool(s, "paced", "/source/paced", false));
        }
        return new SourceSpec(kind, topic, servers, from, path, readers, gen);
    }

    private static void nonNegative(SpecTree t, long v, String pointer) {
        if (v < 0) {
            t.error(pointer, "must not be negative");
        }
    }

    static TimeSpec time(SpecTree t, JsonNode root) {
        JsonNode s = t.object(root, "time", "/time", false);
        t.onlyFields(s, "/time", Set.of("mode", "field", "format", "outOfOrderness", "idleTimeout", "emission",
                "interval"));
        TimeSpec.Mode mode = t.choice(s, "mode", "/time/mode", TimeSpec.Mode.class, TimeSpec.Mode.EVENT);
        String field = t.text(s, "field", "/time/field", mode == TimeSpec.Mode.EVENT);
        TimeSpec.Format format = t.choice(s, "format", "/time/format", TimeSpec.Format.class,
                TimeSpec.Format.EPOCH_MILLIS);
        Duration ooo = t.duration(s, "outOfOrderness", "/time/outOfOrderness", Duration.ZERO);
        if (ooo.isNegative()) {
            t.error("/time/outOfOrderness", "must not be negative");
        }
        Duration idle = t.duration(s, "idleTimeout", "/time/idleTimeout", null);
        if (idle != null && !(!idle.isNegative() && !idle.isZero())) {
            t.error("/time/idleTimeout", "must be positive");
        }
        TimeSpec.Emission emission = s == null || s.get("emission") == null ? null
                : t.choice(s, "emission", "/time/emission", TimeSpec.Emission.class, null);
        Duration interval = t.duration(s, "interval", "/time/interval", Duration.ofMillis(200));
        if (!(!interval.isNegative() && !interval.isZero())) {
            t.error("/time/interval", "must be positive");
        }
        return new TimeSpec(mode, field, format, ooo, idle, emission, interval);
    }

    static WindowSpec window(SpecTree t, JsonNode root) {
        JsonNode w = t.object(root, "window", "/window", true);
        if (w == null) {
            return null;
        }
        t.onlyFields(w, "/window", Set.of("kind", "size", "slide", "offset", "gap", "count", "countSlide",
                "flushOnEnd"));
        WindowSpec.Kind kind = t.choice(w, "kind", "/window/kind", WindowSpec.Kind.class, null);
        Duration size = t.duration(w, "size", "/window/size", null);
        Duration slide = t.duration(w, "slide", "/window/slide", null);
        Duration offset = t.duration(w, "offset", "/window/offset", Duration.ZERO);
        Duration gap = t.duration(w, "gap", "/window/gap", null);
        long count = t.integer(w, "count", "/window/count", 0);
        long countSlide = t.integer(w, "countSlide", "/window/countSlide", 0);
        boolean flush = t.bool(w, "flushOnEnd", "/window/flushOnEnd", false);
        if (kind == WindowSpec.Kind.TUMBLING || kind == WindowSpec.Kind.SLIDING) {
            positive(t, size, "/window/size");
        }
        if (kind == WindowSpec.Kind.TUMBLING && size != null && (!size.isNegative() && !size.isZero())
                && offset.abs().compareTo(size) >= 0) {
            t.error("/window/offset", "|offset| must be smaller than size");
        }
        if (kind == WindowSpec.Kind.SLIDING) {
            positive(t, slide, "/window/slide");
            if (slide != null && (!slide.isNegative() && !slide.isZero()) && offset.abs().compareTo(slide) >= 0) {
                t.error("/window/offset", "|offset| must be smaller than slide");
            }
        }
        if (kind == WindowSpec.Kind.SESSION) {
            positive(t, gap, "/window/gap");
        }
        if (kind == WindowSpec.Kind.COUNT && count <= 0) {
            t.error("/window/count", count == 0 ? "is required and must be positive" : "must be positive");
        }
        if (countSlide > 0 && count > 0 && countSlide > count) {
            t.error("/window/countSlide", "must not be larger than count");
        }
        if (countSlide < 0) {
            t.error("/window/countSlide", "must not be negative");
        }
        return new WindowSpec(kind, size, slide, offset, gap, count, countSlide, flush);
    }

    private static void positive(SpecTree t, Duration d, String pointer) {
        if (d == null) {
            t.error(pointer, "is required");
        } else if (!(!d.isNegative() && !d.isZero())) {
            t.error(pointer, "must be positive");
        }
    }

    static TriggerSpec trigger(SpecTree t, JsonNode root) {
        JsonNode s = t.object(root, "trigger", "/trigger", false);
        if (s == null) {
            return null;
        }
        t.onlyFields(s, "/trigger", Set.of("early", "count", "purge", "processingTime"));
        Duration early = t.duration(s, "early", "/trigger/early", null);
        if (early != null && !(!early.isNegative() && !early.isZero())) {
            t.error("/trigger/early", "must be positive");
        }
        long count = t.integer(s, "count", "/trigger/count", 0);
        if (count < 0) {
            t.error("/trigger/count", "must not be negative");
        }
        boolean processing = t.bool(s, "processingTime", "/trigger/processingTime", false);
        if (early != null && (count > 0 || processing)) {
            t.error("/trigger/early", "cannot be combined with count or processingTime; choose one trigger");
        } else if (count > 0 && processing) {
            t.error("/trigger/count", "cannot be combined with processingTime; choose one trigger");
        }
        return new TriggerSpec(early, count, t.bool(s, "purge", "/trigger/purge", false), processing);
    }

    static EvictorSpec evictor(SpecTree t, JsonNode root) {
        JsonNode s = t.object(root, "evictor", "/evictor", false);
        if (s == null) {
            return null;
        }
        t.onlyFields(s, "/evictor", Set.of("kind", "count", "interval", "threshold", "field", "after"));
        EvictorSpec.Kind kind = t.choice(s, "kind", "/evictor/kind", EvictorSpec.Kind.class, null);
        long count = t.integer(s, "count", "/evictor/count", 0);
        if (kind == EvictorSpec.Kind.COUNT && count <= 0) {
            t.error("/evictor/count", "is required and must be positive");
        }
        Duration interval = t.duration(s, "interval", "/evictor/interval", null);
        if (kind == EvictorSpec.Kind.TIME) {
            positive(t, interval, "/evictor/interval");
        }
        double threshold = 0;
        JsonNode th = s.get("threshold");
        if (th != null && th.isNumber()) {
            threshold = th.asDouble();
        } else if (th != null) {
            t.error("/evictor/threshold", "must be a number");
        }
        if (kind == EvictorSpec.Kind.DELTA && !(threshold > 0)) {
            t.error("/evictor/threshold", "is required and must be positive");
        }
        String field = t.text(s, "field", "/evictor/field", false);
        return new EvictorSpec(kind, count, interval, threshold, field, t.bool(s, "after", "/evictor/after", false));
    }

    static AggregateSpec aggregate(SpecTree t, SpecTree.Indexed e) {
        if (!e.node().isObject()) {
            t.error(e.pointer(), "must be an object with name and kind");
            return null;
        }
        t.onlyFields(e.node(), e.pointer(), Set.of("name", "kind", "field"));
        String name = t.text(e.node(), "name", e.pointer() + "/name", true);
        if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            t.error(e.pointer() + "/name", "must be an identifier (letters, digits, '_')");
        }
        AggregateSpec.Kind kind = t.choice(e.node(), "kind", e.pointer() + "/kind", AggregateSpec.Kind.class, null);
        String field = t.text(e.node(), "field", e.pointer() + "/field", kind != null && kind != AggregateSpec.Kind.COUNT);
        return new AggregateSpec(name, kind, field);
    }

    static SinkSpec sink(SpecTree t, SpecTree.Indexed e) {
        t.onlyFields(e.node(), e.pointer(), Set.of("kind", "topic", "output"));
        SinkSpec.Kind kind = t.choice(e.node(), "kind", e.pointer() + "/kind", SinkSpec.Kind.class, null);
        String topic = t.text(e.node(), "topic", e.pointer() + "/topic", kind == SinkSpec.Kind.KAFKA);
        SinkSpec.Output output = t.choice(e.node(), "output", e.pointer() + "/output", SinkSpec.Output.class,
                SinkSpec.Output.RESULTS);
        if (kind == SinkSpec.Kind.TABLE && output == SinkSpec.Output.RESULTS) {
            t.error(e.pointer() + "/output", "every job already has its result table; a table sink is for late or dead-letters");
        }
        return new SinkSpec(kind, topic, output);
    }

    static CheckpointSpec checkpoints(SpecTree t, JsonNode root) {
        JsonNode s = t.object(root, "checkpoints", "/checkpoints", false);
        if (s == null) {
            return null;
        }
        t.onlyFields(s, "/checkpoints", Set.of("interval", "mode", "retain", "transactionTimeout"));
        Duration interval = t.duration(s, "interval", "/checkpoints/interval", Duration.ofSeconds(5));
        if (interval.toMillis() < 10) {
            t.error("/checkpoints/interval", "must be at least 10ms");
        }
        CheckpointSpec.Mode mode = t.choice(s, "mode", "/checkpoints/mode", CheckpointSpec.Mode.class,
                CheckpointSpec.Mode.EXACTLY_ONCE);
        int retain = (int) t.integer(s, "retain", "/checkpoints/retain", 3);
        if (retain < 1 || retain > 100) {
            t.error("/checkpoints/retain", "must be between 1 and 100");
        }
        Duration timeout = t.duration(s, "transactionTimeout", "/checkpoints/transactionTimeout", Duration.ofMinutes(1));
        if (timeout.compareTo(interval) <= 0 && mode == CheckpointSpec.Mode.EXACTLY_ONCE) {
            t.error("/checkpoints/transactionTimeout", "must be longer than the checkpoint interval ("
                    + Durations.format(interval) + "), or transactions would time out between checkpoints");
        } else if (timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            t.error("/checkpoints/transactionTimeout", "must be at most 15m (Kafka's default transaction.max.timeout.ms)");
        }
        return new CheckpointSpec(interval, mode, retain, timeout);
    }

    static LookupSpec lookup(SpecTree t, SpecTree.Indexed e) {
        t.onlyFields(e.node(), e.pointer(), Set.of("name", "file"));
        String name = t.text(e.node(), "name", e.pointer() + "/name", true);
        String file = t.text(e.node(), "file", e.pointer() + "/file", true);
        return new LookupSpec(name, file);
    }
}
