package dev.tally.engine.runtime;

import dev.tally.engine.window.StateOutput;
import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.util.HashMap;
import java.util.Map;

/** Collects an operator's snapshot into one byte stream per key group (arrays indexed by key group). Not thread-safe. */
final class StateWriter implements StateOutput {

    private final int maxParallelism;
    private final ByteArrayOutputStream[] bytes;
    private final DataOutputStream[] streams;
    private final long[] entries;

    StateWriter(int maxParallelism) {
        this.maxParallelism = maxParallelism;
        this.bytes = new ByteArrayOutputStream[maxParallelism];
        this.streams = new DataOutputStream[maxParallelism];
        this.entries = new long[maxParallelism];
    }

    @Override
    public DataOutput entry(int keyHash) {
        int group = KeyGroups.keyGroupOfHash(keyHash, maxParallelism);
        entries[group]++;
        DataOutputStream s = streams[group];
        if (s == null) {
            bytes[group] = new ByteArrayOutputStream(4096);
            s = new DataOutputStream(bytes[group]);
            streams[group] = s;
        }
        return s;
    }

    Map<Integer, byte[]> groups() {
        Map<Integer, byte[]> out = new HashMap<>();
        for (int g = 0; g < maxParallelism; g++) {
            if (bytes[g] != null) {
                out.put(g, bytes[g].toByteArray());
            }
        }
        return out;
    }

    Map<Integer, Long> entries() {
        Map<Integer, Long> out = new HashMap<>();
        for (int g = 0; g < maxParallelism; g++) {
            if (entries[g] > 0) {
                out.put(g, entries[g]);
            }
        }
        return out;
    }
}
