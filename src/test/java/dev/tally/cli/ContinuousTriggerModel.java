package dev.tally.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flink's ContinuousEventTimeTrigger (the version with FLINK-20443's clipping) on tumbling or sliding event-time
 * windows, written plainly on one thread with per-record watermarks (max − d − 1, the element judged against the
 * watermark before it), to check the engine's {@code early} trigger against. Per key and window: the first
 * element that is not late sets the fire time to {@code min(align(ts) + interval, maxTimestamp)} and registers the
 * on-time timer at {@code maxTimestamp}; a fire time below maxTimestamp fires EARLY when the watermark reaches it and
 * moves to {@code min(time + interval, maxTimestamp)}; the state is never cleared before the window is, so a
 * later element never restarts it. An element whose window is past maxTimestamp (but within the allowed lateness)
 * fires LATE at once and registers nothing. {@code align(ts)} is Flink's {@code ts - ts % interval} for
 * {@code ts ≥ 0}; for negative times it rounds down (the engine's documented choice) where Flink rounds toward 0.
 * Sums values; results are {@code key,start,end,sum,firing,revision} lines.
 */
final class ContinuousTriggerModel {

    private static final class Win {
        final String key;
        final long start;
        final long maxTs;
        long sum;
        int revision;
        /** Fire time of the chain (≤ maxTs), or null before the first element that was not late. */
        Long fireTime;
        boolean onTimePending;

        Win(String key, long start, long maxTs) {
            this.key = key;
            this.start = start;
            this.maxTs = maxTs;
        }
    }

    private final long size;
    private final long slide;
    private final long interval;
    private final long lateness;
    private final long outOfOrderness;
    private final Map<String, Win> windows = new LinkedHashMap<>();
    final List<String> results = new ArrayList<>();
    private long watermark = Long.MIN_VALUE;
    private long maxSeen = Long.MIN_VALUE;

    ContinuousTriggerModel(long size, long slide, long interval, long lateness, long outOfOrderness) {
        this.size = size;
        this.slide = slide;
        this.interval = interval;
        this.lateness = lateness;
        this.outOfOrderness = outOfOrderness;
    }

    /** A record: counted when {@code counted} (it passes the filter); it moves the watermark either way. */
    void record(String key, long ts, long value, boolean counted) {
        if (counted) {
            for (long s = ts - Math.floorMod(ts, slide); s > ts - size; s -= slide) {
                element(key, ts, value, s);
            }
        }
        maxSeen = Math.max(maxSeen, ts);
        advance(maxSeen - outOfOrderness - 1);
    }

    private void element(String key, long ts, long value, long start) {
        long maxTs = start + size - 1;
        if (maxTs + lateness <= watermark) {
            return; // the window is gone: late-dropped
        }
        Win w = windows.computeIfAbsent(key + "@" + start, k -> new Win(key, start, maxTs));
        w.sum += value;
        if (maxTs <= watermark) {
            emit(w, "LATE");
            return;
        }
        w.onTimePending = true;
        if (w.fireTime == null) {
            long aligned = ts >= 0 ? ts - ts % interval : ts - Math.floorMod(ts, interval);
            w.fireTime = Math.min(aligned + interval, maxTs);
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
        while (true) { // timers in time order, including those a firing registers
            Win next = null;
            long time = Long.MAX_VALUE;
            for (Win win : windows.values()) {
                long t = pending(win);
                if (t != NONE && t <= w && (next == null || t < time)) {
                    next = win;
                    time = t;
                }
            }
            if (next == null) {
                break;
            }
            if (time == next.maxTs) {
                next.onTimePending = false;
                emit(next, "ON_TIME");
            } else {
                emit(next, "EARLY");
                next.fireTime = Math.min(time + interval, next.maxTs);
            }
        }
        for (Iterator<Win> it = windows.values().iterator(); it.hasNext(); ) {
            Win win = it.next();
            long cleanup = win.maxTs + lateness < win.maxTs ? Long.MAX_VALUE : win.maxTs + lateness;
            if (cleanup <= w) {
                it.remove();
            }
        }
    }

    /** No pending timer. */
    private static final long NONE = Long.MAX_VALUE;

    /** The window's earliest pending timer: its chain's fire time (when below maxTs), the on-time one, or NONE. */
    private static long pending(Win win) {
        long t = NONE;
        if (win.fireTime != null && win.fireTime < win.maxTs) {
            t = win.fireTime;
        }
        if (win.onTimePending) {
            t = Math.min(t, win.maxTs);
        }
        return t;
    }

    private void emit(Win w, String firing) {
        results.add(w.key + "," + w.start + "," + (w.start + size) + "," + w.sum + "," + firing + "," + w.revision++);
    }
}
