package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tumbling and sliding event-time windows with the default trigger, kept in primitive arrays: one
 * {@link PaneTable} per window. It behaves as {@link TimeWindowOperator} does for the jobs it serves (no
 * evictor, no count, early, processing-time or purging trigger, no distinct aggregate): fire once when the
 * watermark reaches {@code end - 1}; with allowed lateness L keep the window until the watermark reaches
 * {@code end - 1 + L} and fire it again (LATE) for each element added in that time; late-drop an element all of
 * whose windows are past that. Snapshots hold compact entries; restores also read the panes the other operator
 * wrote (a pane emptied by a purging trigger is not restored: it holds nothing to emit). Not thread-safe.
 */
final class CompactWindowOperator implements WindowOperator {

    private final TimeWindows windows;
    private final long lateness;
    private final Aggregates aggregates;
    private final WindowOutput output;
    private final TreeMap<Long, PaneTable> state = new TreeMap<>();
    private final long[] starts;
    private final Panes panes;
    private long watermark = Long.MIN_VALUE;
    private long lateDropped;
    /** The window the last element went to (most elements go to the same one), to skip the boxed map lookup. */
    private long lastStart;
    private PaneTable lastTable;

    CompactWindowOperator(TimeWindows windows, long lateness, Aggregates aggregates, int stride,
            WindowOutput output) {
        this.windows = windows;
        this.lateness = lateness;
        this.aggregates = aggregates;
        this.output = output;
        this.starts = new long[windows.maxWindows()];
        this.panes = new Panes(aggregates, null, stride, false, output);
    }

    /** Whether this operator serves a job: see the class comment. */
    static boolean serves(boolean eventTime, boolean evictor, long countTrigger, long early, boolean processingTrigger,
            boolean purge, Aggregates aggregates) {
        return eventTime && !evictor && countTrigger == 0 && early == 0 && !processingTrigger && !purge
                && !aggregates.hasDistinct();
    }

    private PaneTable table(long start) {
        if (lastTable == null || lastStart != start) {
            lastTable = state.computeIfAbsent(start, s -> new PaneTable(aggregates.width()));
            lastStart = start;
        }
        return lastTable;
    }

    @Override
    public void element(String key, long ts, long[] inputs, int from, byte[] raw) {
        if (add(key, ts, inputs, from, false)) {
            lateDropped++;
            output.late(key, ts, raw);
        }
    }

    @Override
    public void partial(String key, long ts, long[] values, int from, long count) {
        if (add(key, ts, values, from, true)) {
            lateDropped += count;
            output.late(key, ts, count);
        }
    }

    /**
     * Adds an element's inputs, or a partial's values, to each of its windows that is not past its lateness.
     *
     * @return whether it is late: it belongs to windows, all of them past their lateness
     */
    private boolean add(String key, long ts, long[] in, int from, boolean partial) {
        int n = windows.assign(ts, starts);
        boolean added = false;
        for (int i = 0; i < n; i++) {
            long start = starts[i];
            long maxTs = start + windows.size() - 1;
            if (EarlyTimer.plus(maxTs, lateness) <= watermark) {
                continue;
            }
            added = true;
            PaneTable t = table(start);
            int row = t.row(key, aggregates);
            if (partial) {
                aggregates.mergeValues(t.values(row), t.at(row), in, from);
            } else {
                aggregates.add(t.values(row), t.at(row), in, from);
            }
            if (maxTs <= watermark) {
                fire(t, row, start, Firing.LATE);
            }
        }
        return !added && n > 0;
    }

    private void fire(PaneTable t, int row, long start, Firing firing) {
        int revision = t.revision(row);
        output.result(new WindowResult(t.key(row), start, start + windows.size(),
                aggregates.results(t.values(row), t.at(row)), firing, revision));
        if (lateness > 0) { // otherwise the window is dropped right after its only firing
            t.revision(row, revision + 1);
        }
    }

    @Override
    public void watermark(long w) {
        if (w <= watermark) {
            return;
        }
        long old = watermark;
        watermark = w;
        for (Iterator<Map.Entry<Long, PaneTable>> it = state.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, PaneTable> e = it.next();
            long start = e.getKey();
            long maxTs = start + windows.size() - 1;
            if (maxTs > w) {
                break;
            }
            if (maxTs > old) {
                PaneTable t = e.getValue();
                for (int row = 0; row < t.size(); row++) {
                    fire(t, row, start, Firing.ON_TIME);
                }
            }
            if (EarlyTimer.plus(maxTs, lateness) <= w) {
                it.remove();
                lastTable = null;
            }
        }
    }

    @Override
    public void processingTime(long now) {
        // event-time windows with the default trigger do nothing on the clock
    }

    @Override
    public void endOfInput() {
        // the watermark at +∞ fired everything
    }

    @Override
    public long lateDropped() {
        return lateDropped;
    }

    @Override
    public long panes() {
        long n = 0;
        for (PaneTable t : state.values()) {
            n += t.size();
        }
        return n;
    }

    @Override
    public long bufferedElements() {
        return 0;
    }

    @Override
    public void query(String key, Long windowStart, java.util.function.Consumer<StateEntries.Entry> visitor) {
        Map<Long, PaneTable> tables = windowStart == null ? state : state.subMap(windowStart, true, windowStart, true);
        for (Map.Entry<Long, PaneTable> e : tables.entrySet()) {
            PaneTable t = e.getValue();
            long start = e.getKey();
            if (key != null) {
                int row = t.find(key);
                if (row >= 0) {
                    visitor.accept(entry(t, row, start));
                }
            } else {
                for (int row = 0; row < t.size(); row++) {
                    visitor.accept(entry(t, row, start));
                }
            }
        }
    }

    private StateEntries.Entry entry(PaneTable t, int row, long start) {
        return new StateEntries.Entry(t.key(row), start, start + windows.size(),
                aggregates.results(t.values(row), t.at(row)), t.revision(row));
    }

    @Override
    public void snapshot(StateOutput out) throws IOException {
        for (Map.Entry<Long, PaneTable> e : state.entrySet()) {
            PaneTable t = e.getValue();
            // rows in the order they were added: sequential memory, and a restore adds them in the same order,
            // so restoring and snapshotting again (at any parallelism) gives the same bytes per key group
            int[] groupOf = new int[t.size()];
            int[] counts = new int[128];
            for (int row = 0; row < t.size(); row++) {
                int g = out.keyGroup(t.hash(row));
                groupOf[row] = g;
                if (g >= counts.length) {
                    counts = java.util.Arrays.copyOf(counts, Math.max(g + 1, counts.length * 2));
                }
                counts[g]++;
            }
            DataOutput[] streams = new DataOutput[counts.length];
            for (int row = 0; row < t.size(); row++) {
                int g = groupOf[row];
                DataOutput d = streams[g];
                if (d == null) {
                    d = out.group(g, counts[g]);
                    CompactCodec.writeHeader(d, e.getKey(), aggregates.width(), counts[g]);
                    streams[g] = d;
                }
                CompactCodec.writeEntry(d, t, row);
            }
        }
    }

    @Override
    public void restoreTime(long watermark, long clock) {
        this.watermark = watermark;
    }

    @Override
    public void restored() {
        for (PaneTable t : state.values()) {
            t.index();
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        PaneCodec.readTimeWindows(in, panes, new PaneCodec.TimeWindowState() {
            private PaneTable table;

            @Override
            public void block(long start, int entries) {
                table = table(start);
                table.reserve(entries);
            }

            @Override
            public void compact(CompactCodec.Entry c) {
                // a snapshot holds each (window, key) once, and blocks come before any element
                int row = table.append(c.key, 0, c.keyLength, PaneTable.hashOf(c.key, 0, c.keyLength), aggregates);
                System.arraycopy(c.values, 0, table.values(row), table.at(row), c.values.length);
                table.revision(row, c.revision);
            }

            @Override
            public void pane(long start, boolean firedByClock, String key, Pane p) {
                if (p.held > 0) {
                    PaneTable t = table(start);
                    int row = t.row(key, aggregates);
                    aggregates.copyValues(p.acc, t.values(row), t.at(row));
                    t.revision(row, p.revision);
                }
            }
        });
    }
}
