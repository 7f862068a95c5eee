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
