package dev.tally.engine.runtime;

import dev.tally.engine.window.StateOutput;
import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.util.HashMap;
import java.util.Map;

/** Collects an operator's snapshot into one byte stream per key group. Not thread-safe. */
final class StateWriter implements StateOutput {

    private final int maxParallelism;
    private final Map<Integer, ByteArrayOutputStream> bytes = new HashMap<>();
    private final Map<Integer, DataOutputStream> streams = new HashMap<>();
    private final Map<Integer, Long> entries = new HashMap<>();

    StateWriter(int maxParallelism) {
        this.maxParallelism = maxParallelism;
    }

    @Override
    public DataOutput entry(String key) {
        int group = KeyGroups.keyGroup(key, maxParallelism);
        entries.merge(group, 1L, Long::sum);
        return streams.computeIfAbsent(group, g -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            bytes.put(g, b);
            return new DataOutputStream(b);
        });
    }

    Map<Integer, byte[]> groups() {
        Map<Integer, byte[]> out = new HashMap<>();
        bytes.forEach((g, b) -> out.put(g, b.toByteArray()));
        return out;
    }

    Map<Integer, Long> entries() {
        return entries;
    }
}
