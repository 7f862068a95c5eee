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
        t.onlyFields(s, "/source", Set.of("kind", "topic", "bootstrapServers", "startFrom", "path"));
        SourceSpec.Kind kind = t.choice(s, "kind", "/source/kind", SourceSpec.Kind.class, null);
        String topic = t.text(s, "topic", "/source/topic", kind == SourceSpec.Kind.KAFKA);
        if (topic != null && !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            t.error("/source/topic", "must be 1-249 letters, digits, '.', '_' or '-'");
        }
        String servers = t.text(s, "bootstrapServers", "/source/bootstrapServers", false);
        SourceSpec.StartFrom from = t.choice(s, "startFrom", "/source/startFrom", SourceSpec.StartFrom.class,
                SourceSpec.StartFrom.EARLIEST);
        String path = t.text(s, "path", "/source/path", kind == SourceSpec.Kind.FILE);
        return new SourceSpec(kind, topic, servers, from, path);
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
        TimeSpec.Emission emission = t.choice(s, "emission", "/time/emission", TimeSpec.Emission.class,
                TimeSpec.Emission.PERIODIC);
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
        t.onlyFields(s, "/trigger", Set.of("early", "count", "purge"));
        Duration early = t.duration(s, "early", "/trigger/early", null);
        if (early != null && !(!early.isNegative() && !early.isZero())) {
            t.error("/trigger/early", "must be positive");
        }
        long count = t.integer(s, "count", "/trigger/count", 0);
        if (count < 0) {
            t.error("/trigger/count", "must not be negative");
        }
        return new TriggerSpec(early, count, t.bool(s, "purge", "/trigger/purge", false));
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
        t.onlyFields(e.node(), e.pointer(), Set.of("kind", "topic"));
        SinkSpec.Kind kind = t.choice(e.node(), "kind", e.pointer() + "/kind", SinkSpec.Kind.class, null);
        String topic = t.text(e.node(), "topic", e.pointer() + "/topic", kind == SinkSpec.Kind.KAFKA);
        return new SinkSpec(kind, topic);
    }

    static LookupSpec lookup(SpecTree t, SpecTree.Indexed e) {
        t.onlyFields(e.node(), e.pointer(), Set.of("name", "file"));
        String name = t.text(e.node(), "name", e.pointer() + "/name", true);
        String file = t.text(e.node(), "file", e.pointer() + "/file", true);
        return new LookupSpec(name, file);
    }
}
