package dev.tally.engine.spec;

import dev.tally.engine.time.Timestamps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** Reads typed values out of a spec's JSON tree, collecting every problem with its JSON pointer. */
final class SpecTree {

    final List<SpecError> errors = new ArrayList<>();

    void error(String pointer, String message) {
        errors.add(new SpecError(pointer, message));
    }

    /** Reports every field of {@code node} not in {@code known}. */
    void onlyFields(JsonNode node, String pointer, Set<String> known) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                error(pointer + "/" + escape(name), "unknown field; expected one of " + new java.util.TreeSet<>(known));
            }
        }
    }

    JsonNode object(JsonNode parent, String field, String pointer, boolean required) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(pointer, "is required");
            }
            return null;
        }
        if (!n.isObject()) {
            error(pointer, "must be an object");
            return null;
        }
        return n;
    }

    String text(JsonNode parent, String field, String pointer, boolean required) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(pointer, "is required");
            }
            return null;
        }
        if (!n.isString() && !n.isNumber() && !n.isBoolean()) {
            error(pointer, "must be a string");
            return null;
        }
        return n.asString();
    }

    Duration duration(JsonNode parent, String field, String pointer, Duration fallback) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        Duration d;
        try {
            d = n.isIntegralNumber() && n.canConvertToLong() ? Duration.ofMillis(n.asLong())
                    : n.isString() ? Durations.parse(n.asString()) : null;
        } catch (ArithmeticException e) { // "9999999999999999d": more seconds than a Duration holds
            d = MAX_DURATION.plusMillis(1);
        }
        if (d == null) {
            error(pointer, "must be a duration such as 500ms, 10s, 5m, 1h or 1d");
            return fallback;
        }
        if (d.abs().compareTo(MAX_DURATION) > 0) {
            // a time plus one duration must stay within a long: see Timestamps
            error(pointer, "must be at most " + Timestamps.MAX_DURATION + "ms (2^62 - 1 ms, about 146 million years)");
            return d.isNegative() ? MAX_DURATION.negated() : MAX_DURATION; // the spec is invalid: no follow-on errors
        }
        return d;
    }

    /** The longest duration a spec may give, {@link Timestamps#MAX_DURATION}. */
    private static final Duration MAX_DURATION = Duration.ofMillis(Timestamps.MAX_DURATION);

    long integer(JsonNode parent, String field, String pointer, long fallback) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isString() && n.asString().trim().matches("-?\\d{1,18}")) {
            return Long.parseLong(n.asString().trim());
        }
        error(pointer, "must be a whole number");
        return fallback;
    }

    boolean bool(JsonNode parent, String field, String pointer, boolean fallback) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        error(pointer, "must be true or false");
        return fallback;
    }

    <E extends Enum<E>> E choice(JsonNode parent, String field, String pointer, Class<E> type, E fallback) {
        String t = text(parent, field, pointer, fallback == null);
        if (t == null) {
            return fallback;
        }
        String constant = t.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(constant)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        error(pointer, "unknown value '" + t + "'; expected one of " + names);
        return fallback;
    }

    <T> List<T> list(JsonNode parent, String field, String pointer, Function<Indexed, T> element) {
        JsonNode n = parent == null ? null : parent.get(field);
        List<T> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            error(pointer, "must be a list");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            T t = element.apply(new Indexed(n.get(i), pointer + "/" + i));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** One element of a list with its pointer. */
    record Indexed(JsonNode node, String pointer) {
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
