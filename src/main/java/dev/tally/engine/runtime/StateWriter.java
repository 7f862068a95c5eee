package dev.tally.engine.runtime;

import dev.tally.engine.window.StateOutput;
import dev.tally.engine.snapshot.BytesOutput;
import java.io.DataOutput;
import java.util.HashMap;
import java.util.Map;

/** Collects an operator's snapshot into one byte stream per key group (arrays indexed by key group). Not thread-safe. */
final class StateWriter implements StateOutput {

    private final int maxParallelism;
    private final BytesOutput[] streams;
    private final long[] entries;

    StateWriter(int maxParallelism) {
        this.maxParallelism = maxParallelism;
        this.streams = new BytesOutput[maxParallelism];
        this.entries = new long[maxParallelism];
    }

    @Override
    public int keyGroup(int keyHash) {
        return KeyGroups.keyGroupOfHash(keyHash, maxParallelism);
    }

    @Override
    public DataOutput group(int keyGroup, long count) {
        entries[keyGroup] += count;
        BytesOutput s = streams[keyGroup];
        if (s == null) {
            s = new BytesOutput(4096);
            streams[keyGroup] = s;
        }
        return s;
    }

    Map<Integer, BytesOutput> groups() {
        Map<Integer, BytesOutput> out = new HashMap<>();
        for (int g = 0; g < maxParallelism; g++) {
            if (streams[g] != null) {
                out.put(g, streams[g]);
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
