package dev.tally.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The semantics of event-time tumbling, sliding and session windows with per-record watermarks, bounded
 * out-of-orderness and allowed lateness, written as plainly as possible on one thread, to check the engine
 * against. Sums values; results are {@code key,start,end,sum,firing,revision} lines.
 */
final class ReferenceModel {

    /** A window of one key and its running sum. */
    private static final class Win {
        final String key;
        long start;
        long end;
        long sum;
        int revision;
        boolean fired;

        Win(String key, long start, long end) {
            this.key = key;
            this.start = start;
            this.end = end;
        }
    }

    private final String kind;
    private final long size;
    private final long slide;
    private final long lateness;
    private final long outOfOrderness;
    private final List<Win> windows = new ArrayList<>();
    final List<String> results = new ArrayList<>();
    long lateDropped;
    private long watermark = Long.MIN_VALUE;
    private long maxTs = Long.MIN_VALUE;

    /** @param size window size, or the gap for sessions */
    ReferenceModel(String kind, long size, long slide, long lateness, long outOfOrderness) {
        this.kind = kind;
        this.size = size;
        this.slide = slide;
        this.lateness = lateness;
        this.outOfOrderness = outOfOrderness;
    }

    void element(String key, long ts, long value) {
        if (kind.equals("session")) {
            session(key, ts, value);
        } else {
            boolean any = false;
            int n = 0;
            for (long s = ts - Math.floorMod(ts, slide); s > ts - size; s -= slide) {
                n++;
                if (plus(s + size - 1, lateness) <= watermark) {
                    continue;
                }
                any = true;
                Win w = find(key, s, s + size);
                if (w == null) {
                    w = new Win(key, s, s + size);
                    windows.add(w);
                }
                w.sum += value;
                if (w.end - 1 <= watermark) {
                    emit(w, "LATE");
                }
            }
            if (!any && n > 0) {
                lateDropped++;
            }
        }
        maxTs = Math.max(maxTs, ts);
        advance(maxTs - outOfOrderness - 1);
    }

    private void session(String key, long ts, long value) {
        long start = ts;
        long end = ts + size;
        List<Win> touching = new ArrayList<>();
        for (Win w : windows) {
            if (w.key.equals(key) && w.start <= end && w.end >= start) {
                touching.add(w);
                start = Math.min(start, w.start);
                end = Math.max(end, w.end);
            }
        }
        if (plus(end - 1, lateness) <= watermark) {
            lateDropped++;
            return;
        }
        Win target;
        if (touching.size() == 1 && touching.get(0).start == start && touching.get(0).end == end) {
            target = touching.get(0);
        } else {
            target = new Win(key, start, end);
            for (Win w : touching) {
                target.sum += w.sum;
                windows.remove(w);
            }
            windows.add(target);
        }
        target.sum += value;
        if (end - 1 <= watermark) {
            emit(target, "LATE");
        }
    }

    void end() {
        advance(Long.MAX_VALUE);
    }

    private void advance(long w) {
        if (w <= watermark) {
            return;
        }
        watermark = w;
        windows.sort((a, b) -> Long.compare(a.end, b.end));
        for (Iterator<Win> it = windows.iterator(); it.hasNext(); ) {
            Win win = it.next();
            if (win.end - 1 <= w && !win.fired) {
                emit(win, "ON_TIME");
            }
            if (plus(win.end - 1, lateness) <= w || w == Long.MAX_VALUE) {
                it.remove();
            }
        }
    }

    /** {@code a + b} (b ≥ 0), +∞ on overflow: a lateness bound past the long range keeps a window to the end. */
    private static long plus(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }

    private void emit(Win w, String firing) {
        w.fired = true;
        results.add(w.key + "," + w.start + "," + w.end + "," + w.sum + "," + firing + "," + w.revision++);
    }

    private Win find(String key, long start, long end) {
        for (Win w : windows) {
            if (w.key.equals(key) && w.start == start && w.end == end) {
                return w;
            }
        }
        return null;
    }

    /** Sums per window and key, for a quick look when results differ. */
    Map<String, Long> totals() {
        Map<String, Long> m = new HashMap<>();
        for (String r : results) {
            String[] f = r.split(",");
            m.merge(f[0] + "," + f[1] + "," + f[2], Long.parseLong(f[3]), Math::max);
        }
        return m;
    }
}
