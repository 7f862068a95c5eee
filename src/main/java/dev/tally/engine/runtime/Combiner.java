package dev.tally.engine.runtime;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.window.TimeWindows;
import java.util.Arrays;

/**
 * A reader's pre-aggregation before the key-group exchange (local/global aggregation): the elements of one key
 * whose timestamps share a pane ({@link TimeWindows#paneStart}) are merged into one partial, which the owning
 * subtask merges into its windows. So a subtask sees partials where it would have seen their elements, and in
 * time: a partial is handed over before the reader's watermark reaches the end of its pane's first window (it is
 * late only where its elements would have been), and every partial is before a barrier, idleness or the end of
 * the input. Holds at most {@link #CAPACITY} partials; a full table hands them all over. Allocation-free. Not
 * thread-safe: one per reader.
 */
final class Combiner {

    static final int CAPACITY = 4096;
    private static final int SLOTS = CAPACITY * 2;

    private final TimeWindows windows;
    private final Aggregates aggregates;
    private final int width;
    private final int maxParallelism;
    private final int parallelism;
    private final Outbox outbox;
    private final String[] keys = new String[CAPACITY];
    private final long[] panes = new long[CAPACITY];
    /** The last timestamp of each partial's first window: the watermark that must not pass it. */
    private final long[] closes = new long[CAPACITY];
    private final int[] subtasks = new int[CAPACITY];
    private final long[] counts = new long[CAPACITY];
    private final long[] values;
    /** Open addressing: row + 1, or 0 for a free slot. */
    private final int[] slots = new int[SLOTS];
    private final long[] starts;
    private int size;
    private long firstClose = Long.MAX_VALUE;

    Combiner(TimeWindows windows, JobPlan plan, Outbox outbox) {
        this.windows = windows;
        this.aggregates = plan.aggregates;
        this.width = aggregates.width();
        this.maxParallelism = plan.maxParallelism;
        this.parallelism = plan.parallelism;
        this.outbox = outbox;
        this.values = new long[CAPACITY * width];
        this.starts = new long[windows.maxWindows()];
    }

    /** Adds an element (its aggregate inputs in {@code inputs}) to its key's partial for its pane. */
    void add(String key, long ts, long[] inputs) throws InterruptedException {
        long pane = windows.paneStart(ts);
        int h = hash(key, pane);
        int slot = h & (SLOTS - 1);
        int row;
        while ((row = slots[slot] - 1) >= 0 && (panes[row] != pane || !key.equals(keys[row]))) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        if (row < 0) {
            int n = windows.assign(pane, starts);
            if (n == 0) {
                return; // between windows (slide > size): the subtask would ignore it
            }
            if (size == CAPACITY) {
                flush(Long.MAX_VALUE);
                slot = free(h);
            }
            row = create(slot, key, pane, starts[n - 1] + windows.size() - 1);
        }
        aggregates.add(values, row * width, inputs, 0);
        counts[row]++;
    }

    private int create(int slot, String key, long pane, long close) {
        int row = size++;
        slots[slot] = row + 1;
        keys[row] = key;
        panes[row] = pane;
        closes[row] = close;
        firstClose = Math.min(firstClose, close);
        subtasks[row] = KeyGroups.subtask(KeyGroups.keyGroup(key, maxParallelism), maxParallelism, parallelism);
        counts[row] = 0;
        Arrays.fill(values, row * width, (row + 1) * width, 0);
        aggregates.init(values, row * width);
        return row;
    }

    /**
     * Hands over the partials whose first window ends at or before {@code watermark} (all of them for
     * {@code Long.MAX_VALUE}), in the order they were created.
     */
    void flush(long watermark) throws InterruptedException {
        if (watermark < firstClose) {
            return;
        }
        int kept = 0;
        long first = Long.MAX_VALUE;
        for (int r = 0; r < size; r++) {
            if (closes[r] <= watermark) {
                outbox.partial(subtasks[r], keys[r], panes[r], values, r * width, counts[r]);
            } else {
                if (kept != r) {
                    move(r, kept);
                }
                first = Math.min(first, closes[kept]);
                kept++;
            }
        }
        Arrays.fill(keys, kept, size, null);
        size = kept;
        firstClose = first;
        Arrays.fill(slots, 0);
        for (int r = 0; r < size; r++) {
            slots[free(hash(keys[r], panes[r]))] = r + 1;
        }
    }

    /** Partials held. */
    int size() {
        return size;
    }

    private void move(int from, int to) {
        keys[to] = keys[from];
        panes[to] = panes[from];
        closes[to] = closes[from];
        subtasks[to] = subtasks[from];
        counts[to] = counts[from];
        System.arraycopy(values, from * width, values, to * width, width);
    }

    private int free(int h) {
        int slot = h & (SLOTS - 1);
        while (slots[slot] != 0) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        return slot;
    }

    private static int hash(String key, long pane) {
        return (int) (((key.hashCode() + pane * 0x9E3779B97F4A7C15L) * 0xC2B2AE3D27D4EB4FL) >>> 32);
    }
}
