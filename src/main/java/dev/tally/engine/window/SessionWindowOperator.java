package dev.tally.engine.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Session windows: each element opens {@code [ts, ts + gap)}; windows of the same key that overlap or touch
 * merge. A session fires when the watermark reaches {@code end - 1}; with allowed lateness it is kept until
 * {@code end - 1 + L}, and elements added then fire it again at once. When a merge swallows windows that already
 * produced results, the merged window's next result lists them as replaced. A count trigger (replacing the
 * default) and purging are supported. Not thread-safe.
 */
final class SessionWindowOperator implements WindowOperator {

    /** One session of one key. */
    private static final class Session {
        long start;
        long end;
        final Pane pane;

        Session(long start, long end, Pane pane) {
            this.start = start;
            this.end = end;
            this.pane = pane;
        }
    }

    private final long gap;
    private final long lateness;
    private final long countTrigger;
    private final Panes panes;
    private final WindowOutput output;
    private final Map<String, List<Session>> sessions = new HashMap<>();
    private final PriorityQueue<EarlyTimer> timers = new PriorityQueue<>();
    private long watermark = Long.MIN_VALUE;
    private long lateDropped;

    SessionWindowOperator(long gap, long lateness, long countTrigger, Panes panes, WindowOutput output) {
        this.gap = gap;
        this.lateness = lateness;
        this.countTrigger = countTrigger;
        this.panes = panes;
        this.output = output;
    }

    @Override
    public void element(String key, long ts, long[] inputs, int from, byte[] raw) {
        List<Session> list = sessions.computeIfAbsent(key, k -> new ArrayList<>(2));
        long start = ts;
        long end = EarlyTimer.plus(ts, gap);
        List<Session> touching = new ArrayList<>(2);
        for (Session s : list) {
            if (s.start <= end && s.end >= start) {
                touching.add(s);
                start = Math.min(start, s.start);
                end = Math.max(end, s.end);
            }
        }
        if (EarlyTimer.plus(end - 1, lateness) <= watermark) {
            lateDropped++;
            output.late(key, ts, raw);
            if (list.isEmpty()) {
                sessions.remove(key);
            }
            return;
        }
        Session target;
        if (touching.size() == 1 && touching.get(0).start == start && touching.get(0).end == end) {
            target = touching.get(0);
        } else {
            target = new Session(start, end, panes.create());
            for (Session s : touching) {
                panes.merge(target.pane, s.pane);
                if (s.pane.replaced != null) {
                    s.pane.replaced.forEach(target.pane::replaced);
                }
                if (s.pane.revision > 0) {
                    target.pane.replaced(new Window(s.start, s.end));
                }
                list.remove(s);
            }
            list.add(target);
            if (end - 1 > watermark) {
                timers.add(new EarlyTimer(end - 1, start, key, EarlyTimer.Kind.FIRE));
            }
            if (lateness > 0) {
                timers.add(new EarlyTimer(EarlyTimer.plus(end - 1, lateness), start, key, EarlyTimer.Kind.CLEANUP));
            }
        }
        panes.add(target.pane, ts, inputs, from);
        if (countTrigger > 0) {
            if (target.pane.sinceFiring >= countTrigger) {
                panes.fire(target.pane, key, start, end, end - 1 <= watermark ? Firing.LATE : Firing.EARLY);
            }
        } else if (end - 1 <= watermark) {
            panes.fire(target.pane, key, start, end, Firing.LATE);
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
            List<Session> list = sessions.get(t.key());
            Session s = find(list, t.window());
            long cleanup = EarlyTimer.plus(s == null ? 0 : s.end - 1, lateness);
            boolean fire = s != null && t.kind() == EarlyTimer.Kind.FIRE && s.end - 1 == t.time();
            if (!fire && (s == null || t.kind() != EarlyTimer.Kind.CLEANUP || cleanup != t.time())) {
                continue; // a timer of a window that has since merged into another
            }
            if (fire && countTrigger == 0) {
                panes.fire(s.pane, t.key(), s.start, s.end, Firing.ON_TIME);
            }
            if (cleanup <= w) {
                list.remove(s);
                if (list.isEmpty()) {
                    sessions.remove(t.key());
                }
            }
        }
    }

    private static Session find(List<Session> list, long start) {
        if (list != null) {
            for (Session s : list) {
                if (s.start == start) {
                    return s;
                }
            }
        }
        return null;
    }

    @Override
    public void processingTime(long now) {
    }

    @Override
    public void endOfInput() {
    }

    @Override
    public long lateDropped() {
        return lateDropped;
    }

    @Override
    public long panes() {
        long n = 0;
        for (List<Session> l : sessions.values()) {
            n += l.size();
        }
        return n;
    }

    @Override
    public long bufferedElements() {
        return 0;
    }

    @Override
    public void query(String key, Long windowStart, java.util.function.Consumer<StateEntries.Entry> visitor) {
        if (key != null) {
            List<Session> list = sessions.get(key);
            if (list != null) {
                for (Session s : list) {
                    StateEntries.visit(StateEntries.of(panes.aggregates(), key, s.start, s.end, s.pane), windowStart,
                            visitor);
                }
            }
            return;
        }
        for (Map.Entry<String, List<Session>> e : sessions.entrySet()) {
            for (Session s : e.getValue()) {
                StateEntries.visit(StateEntries.of(panes.aggregates(), e.getKey(), s.start, s.end, s.pane),
                        windowStart, visitor);
            }
        }
    }

    @Override
    public void snapshot(StateOutput out) throws java.io.IOException {
        List<String> keys = new ArrayList<>(sessions.keySet());
        keys.sort(null);
        for (String key : keys) {
            List<Session> list = new ArrayList<>(sessions.get(key));
            list.sort((a, b) -> Long.compare(a.start, b.start));
            for (Session s : list) {
                java.io.DataOutput d = out.entry(key);
                d.writeByte('S');
                d.writeLong(s.start);
                d.writeLong(s.end);
                PaneCodec.writeKey(d, key);
                PaneCodec.write(d, s.pane, panes.aggregates());
            }
        }
    }

    @Override
    public void restoreTime(long watermark, long clock) {
        this.watermark = watermark;
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
        while (PaneCodec.nextEntry(in, 'S', "session windows")) {
            long start = in.readLong();
            long end = in.readLong();
            String key = PaneCodec.readKey(in);
            Session s = new Session(start, end, PaneCodec.read(in, panes, panes.aggregates()));
            sessions.computeIfAbsent(key, k -> new ArrayList<>(2)).add(s);
            if (end - 1 > watermark) {
                timers.add(new EarlyTimer(end - 1, start, key, EarlyTimer.Kind.FIRE));
            }
            if (lateness > 0) {
                timers.add(new EarlyTimer(EarlyTimer.plus(end - 1, lateness), start, key, EarlyTimer.Kind.CLEANUP));
            }
        }
    }
}
