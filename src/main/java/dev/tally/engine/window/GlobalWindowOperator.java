package dev.tally.engine.window;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One window per key that only a trigger fires; count windows are built on it (a count trigger that purges for
 * tumbling count windows; a count trigger every {@code slide} elements with an evictor keeping the newest
 * {@code n} for sliding ones). Ignores watermarks and lateness except for early firings, which follow the
 * watermark: one chain per key from its first element, firing once per watermark advance that crosses a multiple
 * of the interval (unlike a time window's chain, which fires at each multiple crossed; see
 * docs/semantics-notes.md). At the end of input, emits what is pending only with {@code flushOnEnd}. Results
 * carry the event-time span of their elements as {@code [start, end)}. Not thread-safe.
 */
final class GlobalWindowOperator implements WindowOperator {

    private final long countTrigger;
    private final long early;
    private final boolean flushOnEnd;
    private final boolean newWindowPerFiring;
    private final Panes panes;
    private final Map<String, Pane> state = new HashMap<>();
    private final PriorityQueue<EarlyTimer> timers = new PriorityQueue<>();
    private long watermark = Long.MIN_VALUE;

    /**
     * @param newWindowPerFiring every firing is a window of its own (count windows): revisions restart at 0
     */
    GlobalWindowOperator(long countTrigger, long early, boolean flushOnEnd, boolean newWindowPerFiring,
            Panes panes) {
        this.countTrigger = countTrigger;
        this.early = early;
        this.flushOnEnd = flushOnEnd;
        this.newWindowPerFiring = newWindowPerFiring;
        this.panes = panes;
    }

    @Override
    public void element(String key, long ts, long[] inputs, int from, byte[] raw) {
        Pane p = state.computeIfAbsent(key, k -> panes.create());
        panes.add(p, ts, inputs, from);
        if (countTrigger > 0 && p.sinceFiring >= countTrigger) {
            fire(p, key, Firing.ON_TIME);
        }
        if (early > 0 && p.nextEarly == Pane.CHAIN_NOT_STARTED) {
            chainEarly(p, key, EarlyTimer.nextAligned(ts, early));
        }
    }

    private void fire(Pane p, String key, Firing firing) {
        panes.fire(p, key, Long.MIN_VALUE, 0, firing);
        if (newWindowPerFiring) {
            p.revision = 0;
        }
    }

    @Override
    public void watermark(long w) {
        if (w <= watermark) {
            return;
        }
        watermark = w;
        while (!timers.isEmpty() && timers.peek().time() <= w) {
            EarlyTimer t = timers.poll();
            Pane p = state.get(t.key());
            if (p == null || p.nextEarly != t.time()) {
                continue;
            }
            fire(p, t.key(), Firing.EARLY);
            // once per watermark advance, however many multiples it crosses: a global window has no end to bound
            // them, and one record at the edge of the range (or the end of input) would cross ~2^62 / interval
            chainEarly(p, t.key(), w == Long.MAX_VALUE ? Long.MAX_VALUE
                    : EarlyTimer.plus(w - Math.floorMod(w, early), early));
        }
    }

    /** The key's early chain fires next at {@code next}; it ends at +∞ (where the window has no end to reach). */
    private void chainEarly(Pane p, String key, long next) {
        if (next != Long.MAX_VALUE) {
            p.nextEarly = next;
            timers.add(new EarlyTimer(next, 0, key, EarlyTimer.Kind.EARLY));
        } else {
            p.nextEarly = Pane.CHAIN_DONE;
        }
    }

    @Override
    public void processingTime(long now) {
    }

    @Override
    public void endOfInput() {
        if (!flushOnEnd) {
            return;
        }
        for (Map.Entry<String, Pane> e : state.entrySet()) {
            if (e.getValue().sinceFiring > 0) {
                fire(e.getValue(), e.getKey(), Firing.ON_TIME);
            }
        }
    }

    @Override
    public long lateDropped() {
        return 0;
    }

    @Override
    public long panes() {
        return state.size();
    }

    @Override
    public long bufferedElements() {
        long n = 0;
        for (Pane p : state.values()) {
            n += Panes.buffered(p);
        }
        return n;
    }

    @Override
    public void query(String key, Long windowStart, java.util.function.Consumer<StateEntries.Entry> visitor) {
        if (key != null) {
            Pane p = state.get(key);
            if (p != null) {
                StateEntries.visit(StateEntries.of(panes.aggregates(), key, Long.MIN_VALUE, 0, p), windowStart,
                        visitor);
            }
            return;
        }
        for (Map.Entry<String, Pane> e : state.entrySet()) {
            StateEntries.visit(StateEntries.of(panes.aggregates(), e.getKey(), Long.MIN_VALUE, 0, e.getValue()),
                    windowStart, visitor);
        }
    }

    @Override
    public void snapshot(StateOutput out) throws java.io.IOException {
        java.util.List<String> keys = new java.util.ArrayList<>(state.keySet());
        keys.sort(null);
        for (String key : keys) {
            java.io.DataOutput d = out.entry(key);
            d.writeByte('G');
            PaneCodec.writeKey(d, key);
            PaneCodec.write(d, state.get(key), panes.aggregates());
        }
    }

    @Override
    public void restoreTime(long watermark, long clock) {
        this.watermark = watermark;
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
        while (PaneCodec.nextEntry(in, 'G', "count or global windows")) {
            String key = PaneCodec.readKey(in);
            Pane p = PaneCodec.read(in, panes, panes.aggregates());
            state.put(key, p);
            if (p.earlyPending()) {
                timers.add(new EarlyTimer(p.nextEarly, 0, key, EarlyTimer.Kind.EARLY));
            }
        }
    }
}
