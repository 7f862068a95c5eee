package dev.tally.engine.window;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Tumbling and sliding windows by event time or processing time. Triggers: the default (fire once when the
 * watermark, or for processing-time windows the clock, reaches {@code end - 1}); a count trigger (every n
 * elements, replacing the default); a processing-time trigger on event-time windows; early firings every
 * interval of event time, aligned to the epoch, before the final firing (one timer chain per key and window, from
 * its first element: see docs/semantics-notes.md). With allowed lateness L an event-time
 * window's state is kept until the watermark reaches {@code end - 1 + L}; an element added in that time fires it
 * at once (LATE); an element all of whose windows are past that is late-dropped. Not thread-safe.
 */
final class TimeWindowOperator implements WindowOperator {

    /** The panes of one window and whether its processing-time firing happened. */
    private static final class Entry {
        final Map<String, Pane> panes = new HashMap<>();
        boolean firedByClock;
    }

    private final TimeWindows windows;
    private final boolean processingWindows;
    private final long lateness;
    private final long countTrigger;
    private final long early;
    private final boolean onTimeByWatermark;
    private final boolean onTimeByClock;
    private final Panes panes;
    private final WindowOutput output;
    private final TreeMap<Long, Entry> state = new TreeMap<>();
    private final PriorityQueue<EarlyTimer> timers = new PriorityQueue<>();
    private final long[] starts;
    private final java.util.function.Function<String, Pane> newPane;
    private long watermark = Long.MIN_VALUE;
    private long clock = Long.MIN_VALUE;
    private long lateDropped;
    /** The window the last element went to (most elements go to the same one), to skip the boxed map lookup. */
    private long lastStart;
    private Entry lastEntry;

    TimeWindowOperator(TimeWindows windows, boolean processingWindows, long lateness, long countTrigger, long early,
            boolean processingTrigger, Panes panes, WindowOutput output) {
        this.windows = windows;
        this.processingWindows = processingWindows;
        this.lateness = processingWindows ? 0 : lateness;
        this.countTrigger = countTrigger;
        this.early = early;
        this.onTimeByWatermark = !processingWindows && countTrigger == 0 && !processingTrigger;
        this.onTimeByClock = countTrigger == 0 && (processingWindows || processingTrigger);
        this.panes = panes;
        this.output = output;
        this.starts = new long[windows.maxWindows()];
        this.newPane = k -> panes.create();
    }

    private Entry entry(long start) {
        if (lastEntry == null || lastStart != start) {
            lastEntry = state.computeIfAbsent(start, s -> new Entry());
            lastStart = start;
        }
        return lastEntry;
    }

    @Override
    public void element(String key, long ts, long[] inputs, int from, byte[] raw) {
        long t = ts; // for processing-time windows the reader stamped the element with its clock
        int n = windows.assign(t, starts);
        boolean added = false;
        for (int i = 0; i < n; i++) {
            long start = starts[i];
            long end = start + windows.size();
            long maxTs = end - 1;
            if (!processingWindows && EarlyTimer.plus(maxTs, lateness) <= watermark) {
                continue;
            }
            added = true;
            Pane p = entry(start).panes.computeIfAbsent(key, newPane);
            panes.add(p, t, inputs, from);
            if (countTrigger > 0) {
                if (p.sinceFiring >= countTrigger) {
                    panes.fire(p, key, start, end, maxTs <= watermark ? Firing.LATE : Firing.EARLY);
                }
            } else if (onTimeByWatermark && maxTs <= watermark) {
                panes.fire(p, key, start, end, Firing.LATE);
            }
            if (early > 0 && p.nextEarly == Pane.CHAIN_NOT_STARTED && maxTs > watermark) {
                chainEarly(p, key, start, EarlyTimer.nextAligned(t, early), maxTs);
            }
        }
        if (!added && n > 0) {
            lateDropped++;
            output.late(key, ts, raw);
        }
    }

    @Override
    public void watermark(long w) {
        if (w <= watermark || processingWindows) {
            watermark = Math.max(watermark, w);
            return;
        }
        long old = watermark;
        watermark = w;
        fireEarlyTimers(w);
        for (Iterator<Map.Entry<Long, Entry>> it = state.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Entry> e = it.next();
            long start = e.getKey();
            long end = start + windows.size();
            if (end - 1 > w) {
                break;
            }
            if (onTimeByWatermark && end - 1 > old) {
                fireAll(e.getValue(), start, end, Firing.ON_TIME);
            }
            if (EarlyTimer.plus(end - 1, lateness) <= w) {
                it.remove();
                lastEntry = null;
            }
        }
    }

    private void fireEarlyTimers(long w) {
        while (!timers.isEmpty() && timers.peek().time() <= w) {
            EarlyTimer t = timers.poll();
            Entry e = state.get(t.window());
            Pane p = e == null ? null : e.panes.get(t.key());
            if (p == null || p.nextEarly != t.time()) {
                continue;
            }
            long end = t.window() + windows.size();
            panes.fire(p, t.key(), t.window(), end, Firing.EARLY);
            chainEarly(p, t.key(), t.window(), EarlyTimer.plus(t.time(), early), end - 1);
        }
    }

    /**
     * Sets the pane's early chain to fire next at {@code next}, or ends the chain when {@code next} is at or past
     * the window's last ms {@code maxTs} (the on-time firing is there). As Flink's ContinuousEventTimeTrigger: one
     * chain per key and window, started by its first element, each multiple of the interval fired at most once.
     */
    private void chainEarly(Pane p, String key, long start, long next, long maxTs) {
        if (next < maxTs) {
            p.nextEarly = next;
            timers.add(new EarlyTimer(next, start, key, EarlyTimer.Kind.EARLY));
        } else {
            p.nextEarly = Pane.CHAIN_DONE;
        }
    }

    @Override
    public void processingTime(long now) {
        if (now <= clock) {
            return;
        }
        clock = now;
        if (!onTimeByClock && !processingWindows) {
            return;
        }
        for (Iterator<Map.Entry<Long, Entry>> it = state.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Entry> e = it.next();
            long start = e.getKey();
            long end = start + windows.size();
            if (end - 1 > now) {
                break;
            }
            if (onTimeByClock && !e.getValue().firedByClock) {
                fireAll(e.getValue(), start, end, Firing.ON_TIME);
                e.getValue().firedByClock = true;
            }
            if (processingWindows) {
                it.remove();
                lastEntry = null;
            }
        }
    }

    private void fireAll(Entry e, long start, long end, Firing firing) {
        for (Map.Entry<String, Pane> kp : e.panes.entrySet()) {
            panes.fire(kp.getValue(), kp.getKey(), start, end, firing);
        }
    }

    @Override
    public void endOfInput() {
        if (processingWindows || onTimeByClock) {
            processingTime(Long.MAX_VALUE);
        }
    }

    @Override
    public long lateDropped() {
        return lateDropped;
    }

    @Override
    public long panes() {
        long n = 0;
        for (Entry e : state.values()) {
            n += e.panes.size();
        }
        return n;
    }

    @Override
    public long bufferedElements() {
        long n = 0;
        for (Entry e : state.values()) {
            for (Pane p : e.panes.values()) {
                n += Panes.buffered(p);
            }
        }
        return n;
    }

    @Override
    public void query(String key, Long windowStart, java.util.function.Consumer<StateEntries.Entry> visitor) {
        Map<Long, Entry> windowsToRead = windowStart == null ? state
                : state.subMap(windowStart, true, windowStart, true);
        for (Map.Entry<Long, Entry> e : windowsToRead.entrySet()) {
            long start = e.getKey();
            long end = start + windows.size();
            if (key != null) {
                Pane p = e.getValue().panes.get(key);
                if (p != null) {
                    StateEntries.visit(StateEntries.of(panes.aggregates(), key, start, end, p), null, visitor);
                }
            } else {
                for (Map.Entry<String, Pane> kp : e.getValue().panes.entrySet()) {
                    StateEntries.visit(StateEntries.of(panes.aggregates(), kp.getKey(), start, end, kp.getValue()),
                            null, visitor);
                }
            }
        }
    }

    /** One (key, window) for a snapshot. */
    private record Snap(long start, int hash, String key, boolean fired, Pane pane) {
    }

    @Override
    public void snapshot(StateOutput out) throws java.io.IOException {
        java.util.List<Snap> entries = new java.util.ArrayList<>();
        for (Map.Entry<Long, Entry> e : state.entrySet()) {
            for (Map.Entry<String, Pane> kp : e.getValue().panes.entrySet()) {
                entries.add(new Snap(e.getKey(), kp.getKey().hashCode(), kp.getKey(), e.getValue().firedByClock,
                        kp.getValue()));
            }
        }
        // a deterministic order (window, key hash, key): the same state gives the same bytes
        entries.sort((a, b) -> a.start != b.start ? Long.compare(a.start, b.start)
                : a.hash != b.hash ? Integer.compare(a.hash, b.hash) : a.key.compareTo(b.key));
        for (Snap x : entries) {
            java.io.DataOutput d = out.entry(x.key);
            d.writeByte('T');
            d.writeLong(x.start);
            d.writeBoolean(x.fired);
            PaneCodec.writeKey(d, x.key);
            PaneCodec.write(d, x.pane, panes.aggregates());
        }
    }

    @Override
    public void restoreTime(long watermark, long clock) {
        this.watermark = watermark;
        this.clock = clock;
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
        PaneCodec.readTimeWindows(in, panes, new PaneCodec.TimeWindowState() {
            private Entry entry;

            @Override
            public void block(long start, int entries) {
                entry = state.computeIfAbsent(start, s -> new Entry());
            }

            @Override
            public void compact(CompactCodec.Entry c) throws java.io.IOException {
                // written by CompactWindowOperator, whose rows hold at least one element
                Pane p = panes.create();
                if (p.acc == null) {
                    throw new java.io.IOException("the snapshot holds accumulators, but this job buffers elements");
                }
                p.acc = panes.aggregates().accumulator(c.values, 0);
                p.revision = c.revision;
                p.held = 1;
                entry.panes.put(c.key(), p);
            }

            @Override
            public void pane(long start, boolean firedByClock, String key, Pane p) {
                Entry e = state.computeIfAbsent(start, s -> new Entry());
                e.firedByClock |= firedByClock;
                e.panes.put(key, p);
                if (p.earlyPending()) {
                    timers.add(new EarlyTimer(p.nextEarly, start, key, EarlyTimer.Kind.EARLY));
                }
            }
        });
    }
}
