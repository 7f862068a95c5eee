package dev.tally.engine.snapshot;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.Inputs;
import dev.tally.engine.query.QueryCollector;
import dev.tally.engine.query.StateAnswer;
import dev.tally.engine.query.StateQuery;
import dev.tally.engine.runtime.KeyGroups;
import dev.tally.engine.spec.EvictorSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecJson;
import dev.tally.engine.window.StateEntries;
import dev.tally.engine.window.Window;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads the window state inside a verified snapshot without restoring it: the value of a key in a window (only
 * that key's group is read), every key, every window. Immutable and thread-safe.
 */
public final class SavepointReader {

    private final Snapshot snapshot;
    private final JobSpec spec;
    private final Aggregates aggregates;
    private final int stride;

    public SavepointReader(Snapshot snapshot) {
        this.snapshot = snapshot;
        this.spec = SpecJson.read(snapshot.manifest().specJson());
        this.aggregates = new Aggregates(spec.aggregates());
        boolean deltaField = spec.evictor() != null && spec.evictor().kind() == EvictorSpec.Kind.DELTA
                && spec.evictor().field() != null;
        this.stride = (spec.aggregates().size() + (deltaField ? 1 : 0)) * Inputs.SLOTS;
    }

    /** The spec of the job version that took the snapshot. */
    public JobSpec spec() {
        return spec;
    }

    /** The state of {@code key} in the window starting at {@code windowStart}, if there is any. */
    public Optional<StateEntries.Entry> value(String key, long windowStart) {
        int group = KeyGroups.keyGroup(key, snapshot.manifest().maxParallelism());
        List<StateEntries.Entry> found = new ArrayList<>();
        for (Manifest.DataFile f : snapshot.manifest().keyGroups()) {
            if (f.index() == group) {
                read(f, e -> {
                    if (e.key().equals(key) && e.start() == windowStart) {
                        found.add(e);
                    }
                });
            }
        }
        return found.stream().findFirst();
    }

    /**
     * Answers a state query from this snapshot, as a running job would have at the snapshot's barrier: a key's
     * query reads only its key group; TOP and PREFIX read every group, keeping at most the limit in memory. The
     * answer carries the snapshot's watermark, checkpoint number and id.
     *
     * @throws java.io.UncheckedIOException when a data file cannot be read
     */
    public StateAnswer query(StateQuery query) {
        QueryCollector c = new QueryCollector(query);
        String key = query.routingKey();
        if (key != null) {
            int group = KeyGroups.keyGroup(key, snapshot.manifest().maxParallelism());
            for (Manifest.DataFile f : snapshot.manifest().keyGroups()) {
                if (f.index() == group) {
                    read(f, c);
                }
            }
        } else {
            forEach(c);
        }
        Manifest m = snapshot.manifest();
        return c.answer(m.watermark(), m.checkpointId(), snapshot.id(), 0);
    }

    /** The number of key groups of the job that took the snapshot (its max parallelism). */
    public int maxParallelism() {
        return snapshot.manifest().maxParallelism();
    }

    /** Every entry of key group {@code group} (none when the snapshot holds no data for it). */
    public void forEachInGroup(int group, Consumer<StateEntries.Entry> visitor) {
        for (Manifest.DataFile f : snapshot.manifest().keyGroups()) {
            if (f.index() == group) {
                read(f, visitor);
            }
        }
    }

    /** The id of the snapshot read. */
    public String id() {
        return snapshot.id();
    }

    /** Every entry, key group by key group. */
    public void forEach(Consumer<StateEntries.Entry> visitor) {
        snapshot.manifest().keyGroups().forEach(f -> read(f, visitor));
    }

    /**
     * The number of distinct keys with state in each key group, counted from the snapshot's data (not estimated):
     * index = key group, length = the snapshot's max parallelism. Memory: one key group's keys at a time.
     */
    public long[] keysPerKeyGroup() {
        long[] counts = new long[snapshot.manifest().maxParallelism()];
        java.util.Map<Integer, List<Manifest.DataFile>> byGroup = new java.util.TreeMap<>();
        for (Manifest.DataFile f : snapshot.manifest().keyGroups()) {
            byGroup.computeIfAbsent(f.index(), g -> new ArrayList<>()).add(f);
        }
        byGroup.forEach((group, files) -> {
            java.util.Set<String> keys = new java.util.HashSet<>();
            files.forEach(f -> read(f, e -> keys.add(e.key())));
            counts[group] = keys.size();
        });
        return counts;
    }

    /** Every key with state, sorted. */
    public List<String> keys() {
        TreeSet<String> keys = new TreeSet<>();
        forEach(e -> keys.add(e.key()));
        return new ArrayList<>(keys);
    }

    /** Every window with state, sorted by start then end. */
    public List<Window> windows() {
        TreeSet<Window> windows = new TreeSet<>((a, b) -> a.start() != b.start() ? Long.compare(a.start(), b.start())
                : Long.compare(a.end(), b.end()));
        forEach(e -> windows.add(new Window(e.start(), e.end())));
        return new ArrayList<>(windows);
    }

    private void read(Manifest.DataFile f, Consumer<StateEntries.Entry> visitor) {
        try {
            StateEntries.read(spec, aggregates, stride, new BytesInput(snapshot.file(f.file())), visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot " + snapshot.id() + ": cannot read " + f.file(), e);
        }
    }
}
