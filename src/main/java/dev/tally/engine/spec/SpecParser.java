package dev.tally.engine.spec;

import dev.tally.engine.expr.ExpressionException;
import dev.tally.engine.expr.Expressions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses and validates job specs written in JSON or YAML (the same model). Every problem is reported with
 * a JSON pointer to the field. Thread-safe.
 */
public final class SpecParser {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> TOP = Set.of("name", "description", "source", "time", "filter", "key",
            "lookups", "window", "trigger", "evictor", "allowedLateness", "aggregates", "sinks", "parallelism",
            "maxParallelism", "checkpoints");

    private SpecParser() {
    }

    /** Parses a spec; the text is JSON if it starts with '{', YAML otherwise. */
    public static ParsedSpec parse(String text) {
        String t = text.strip();
        return parseTree(readTree(t, t.startsWith("{") ? JSON : YAML));
    }

    /** Parses JSON or YAML as asked. */
    public static ParsedSpec parse(String text, boolean yaml) {
        return parseTree(readTree(text, yaml ? YAML : JSON));
    }

    private static JsonNode readTree(String text, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new SpecException("", "a job spec must be an object");
            }
            return node;
        } catch (JacksonException e) {
            throw new SpecException("", "not readable as " + (mapper == YAML ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage());
        }
    }

    /** Validates a spec tree and builds the spec. */
    public static ParsedSpec parseTree(JsonNode root) {
        SpecTree t = new SpecTree();
        t.onlyFields(root, "", TOP);
        String name = t.text(root, "name", "/name", true);
        if (name != null && !name.matches("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?")) {
            t.error("/name", "must be 1-64 lower-case letters, digits or dashes, not starting or ending with a dash");
        }
        String description = t.text(root, "description", "/description", false);
        SourceSpec source = SectionParsers.source(t, root);
        TimeSpec time = SectionParsers.time(t, root);
        String filter = expression(t, root, "filter");
        String key = expression(t, root, "key");
        JsonNode ev = root.get("evictor");
        if (ev != null && ev.isObject() && ev.get("field") != null && ev.get("field").isString()) {
            expression(t, ev, "field", "/evictor/field");
        }
        List<LookupSpec> lookups = t.list(root, "lookups", "/lookups", e -> SectionParsers.lookup(t, e));
        WindowSpec window = SectionParsers.window(t, root);
        TriggerSpec trigger = SectionParsers.trigger(t, root);
        EvictorSpec evictor = SectionParsers.evictor(t, root);
        Duration lateness = t.duration(root, "allowedLateness", "/allowedLateness", Duration.ZERO);
        if (lateness.isNegative()) {
            t.error("/allowedLateness", "must not be negative");
        }
        List<AggregateSpec> aggregates = t.list(root, "aggregates", "/aggregates", e -> SectionParsers.aggregate(t, e));
        if (aggregates.isEmpty() && !hasErrorUnder(t, "/aggregates")) {
            t.error("/aggregates", "at least one aggregate is required");
        }
        checkUniqueNames(t, aggregates.stream().map(AggregateSpec::name).toList(), "/aggregates");
        checkUniqueNames(t, lookups.stream().map(LookupSpec::name).toList(), "/lookups");
        List<SinkSpec> sinks = t.list(root, "sinks", "/sinks", e -> SectionParsers.sink(t, e));
        int maxParallelism = (int) t.integer(root, "maxParallelism", "/maxParallelism", JobSpec.DEFAULT_MAX_PARALLELISM);
        if (maxParallelism < 1 || maxParallelism > 32768) {
            t.error("/maxParallelism", "must be between 1 and 32768");
        }
        int parallelism = (int) t.integer(root, "parallelism", "/parallelism", 1);
        if (parallelism < 1 || parallelism > maxParallelism) {
            t.error("/parallelism", "must be between 1 and maxParallelism (" + maxParallelism + ")");
        }
        CheckpointSpec checkpoints = SectionParsers.checkpoints(t, root);
        if (!t.errors.isEmpty()) {
            throw new SpecException(t.errors);
        }
        JobSpec spec = new JobSpec(name, description == null ? "" : description, source, time, filter, key,
                lookups, window, trigger, evictor, lateness, aggregates, sinks, parallelism, maxParallelism,
                checkpoints);
        SpecRules.check(t, spec);
        if (!t.errors.isEmpty()) {
            throw new SpecException(t.errors);
        }
        ObjectNode canonical = Canonical.sorted(root);
        String json = JSON.writeValueAsString(canonical);
        return new ParsedSpec(spec, json, sha256(json), SpecRules.warnings(spec));
    }

    private static String expression(SpecTree t, JsonNode root, String field) {
        return expression(t, root, field, "/" + field);
    }

    private static String expression(SpecTree t, JsonNode root, String field, String pointer) {
        String text = t.text(root, field, pointer, false);
        if (text == null) {
            return null;
        }
        try {
            Expressions.parse(text);
        } catch (ExpressionException e) {
            t.error(pointer, e.getMessage());
        }
        return text;
    }

    private static boolean hasErrorUnder(SpecTree t, String pointer) {
        return t.errors.stream().anyMatch(e -> e.pointer().startsWith(pointer));
    }

    private static void checkUniqueNames(SpecTree t, List<String> names, String pointer) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                t.error(pointer + "/" + i + "/name", "duplicate name '" + names.get(i) + "'");
            }
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
