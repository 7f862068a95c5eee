package dev.tally.engine.io.decode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a job reads, each with a slot in the decoded row; nested paths ({@code a.b}) form a tree so the
 * decoder can skip everything else. Immutable after construction; thread-safe.
 */
public final class FieldLayout {

    /** One level of the path tree. */
    static final class Level {

        final Map<String, Level> children = new HashMap<>();
        int slot = -1;
        boolean digits;
        private byte[][] names = new byte[0][];
        private Level[] levels = new Level[0];

        /** The child whose name is the bytes {@code [from, to)}, or null; {@code to < 0} means "has escapes". */
        Level child(byte[] b, int from, int to) {
            if (to < 0) {
                return null; // a field name with escapes is never one a job reads: names are plain identifiers
            }
            int len = to - from;
            for (int i = 0; i < names.length; i++) {
                if (names[i].length == len && PlainBytes.same(names[i], b, from)) {
                    return levels[i];
                }
            }
            return null;
        }

        /** Clears the slots of this level and everything under it (a repeated field replaces the earlier one). */
        void clear(DecodedRow row) {
            if (slot >= 0) {
                row.clear(slot);
            }
            for (Level l : levels) {
                l.clear(row);
            }
        }

        void index() {
            names = new byte[children.size()][];
            levels = new Level[children.size()];
            int i = 0;
            for (Map.Entry<String, Level> e : children.entrySet()) {
                names[i] = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                levels[i++] = e.getValue();
                e.getValue().index();
            }
        }
    }

    private final Map<String, Integer> slots = new LinkedHashMap<>();
    final Level root = new Level();

    public FieldLayout(List<String> paths) {
        for (String path : paths) {
            if (slots.containsKey(path)) {
                continue;
            }
            int slot = slots.size();
            slots.put(path, slot);
            Level level = root;
            for (String part : path.split("\\.")) {
                level = level.children.computeIfAbsent(part, p -> new Level());
            }
            level.slot = slot;
        }
        root.index();
    }

    /**
     * Reads this field's value, when it is a string of digits, straight into a long (see
     * {@link DecodedRow#hasLong}): for an event-time field in epoch milliseconds.
     */
    public void readDigits(String path) {
        Level level = root;
        for (String part : path.split("\\.")) {
            level = level.children.get(part);
            if (level == null) {
                throw new IllegalArgumentException("field not in layout: " + path);
            }
        }
        level.digits = true;
    }

    /** Slot of a path; throws if the path was not declared. */
    public int slot(String path) {
        Integer s = slots.get(path);
        if (s == null) {
            throw new IllegalArgumentException("field not in layout: " + path);
        }
        return s;
    }

    public int size() {
        return slots.size();
    }
}
