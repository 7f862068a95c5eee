package dev.tally.engine.io.table;

import dev.tally.engine.window.WindowResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The queryable result table of a job: the latest revision of every key in the most recent windows (at most
 * {@code capacity} windows, the oldest dropped first). Thread-safe: one job thread writes, any thread reads;
 * a reader sees each result whole.
 */
public final class ResultTable implements Consumer<WindowResult> {

    private final int capacity;
    private final ConcurrentSkipListMap<Long, Map<String, WindowResult>> windows = new ConcurrentSkipListMap<>();

    public ResultTable(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void accept(WindowResult r) {
        windows.computeIfAbsent(r.start(), s -> new ConcurrentHashMap<>()).put(r.key(), r);
        while (windows.size() > capacity) {
            windows.pollFirstEntry();
        }
    }

    /** Results of the latest {@code n} windows, newest window first, keys in ascending order. */
    public List<WindowResult> latest(int n) {
        List<WindowResult> out = new ArrayList<>();
        ConcurrentNavigableMap<Long, Map<String, WindowResult>> desc = windows.descendingMap();
        int seen = 0;
        for (Map<String, WindowResult> w : desc.values()) {
            if (seen++ >= n) {
                break;
            }
            List<WindowResult> rows = new ArrayList<>(w.values());
            rows.sort(Comparator.comparing(WindowResult::key));
            out.addAll(rows);
        }
        return out;
    }

    /** The latest result of a key in the window starting at {@code start}, or null. */
    public WindowResult get(String key, long start) {
        Map<String, WindowResult> w = windows.get(start);
        return w == null ? null : w.get(key);
    }

    /** Removes everything. */
    public void clear() {
        windows.clear();
    }
}
