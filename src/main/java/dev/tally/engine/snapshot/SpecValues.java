package dev.tally.engine.snapshot;

import dev.tally.engine.spec.Durations;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parts of a spec written as a user writes them in a spec ({@code 10s}, {@code tumbling},
 * {@code {name: views, kind: count}}), and the differences between two versions of a part, member by member
 * ({@code window.size: 10s → 5s}). Pure; reads records by their components.
 */
final class SpecValues {

    private SpecValues() {
    }

    /** Spec text of a value: durations as {@code 10s}, enums in lower case with dashes, records as {@code {a: b}}. */
    static String text(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof Duration d) {
            return Durations.format(d);
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(i -> items.add(text(i)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Record r) {
            List<String> parts = new ArrayList<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object value = value(c, r);
                if (!unset(value)) {
                    parts.add(c.getName() + ": " + text(value));
                }
            }
            return "{" + String.join(", ", parts) + "}";
        }
        return String.valueOf(v);
    }

    /**
     * The members that differ between {@code a} and {@code b}, with their paths below {@code path} (records by
     * component, lists of equal length by index).
     */
    static List<Compatibility.Member> diff(String path, Object a, Object b) {
        List<Compatibility.Member> out = new ArrayList<>();
        diff(path, a, b, out);
        return out;
    }

    private static void diff(String path, Object a, Object b, List<Compatibility.Member> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a instanceof Record ra && b instanceof Record rb && a.getClass() == b.getClass()) {
            for (RecordComponent c : ra.getClass().getRecordComponents()) {
                diff(path + "." + c.getName(), value(c, ra), value(c, rb), out);
            }
            return;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            for (int i = 0; i < la.size(); i++) {
                diff(path + "[" + i + "]", la.get(i), lb.get(i), out);
            }
            return;
        }
        out.add(new Compatibility.Member(path, text(a), text(b)));
    }

    private static boolean unset(Object v) {
        return v == null || Boolean.FALSE.equals(v) || (v instanceof Number n && n.doubleValue() == 0)
                || (v instanceof List<?> l && l.isEmpty());
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }
}
