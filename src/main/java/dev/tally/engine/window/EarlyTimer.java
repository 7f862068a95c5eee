package dev.tally.engine.window;

/**
 * A per-key timer: an early firing of a pane, or (sessions) the end or cleanup of a session window.
 *
 * @param time   when it fires (watermark ≥ time)
 * @param window identifies the window: its start
 * @param key    the key
 * @param kind   what it does
 */
record EarlyTimer(long time, long window, String key, Kind kind) implements Comparable<EarlyTimer> {

    enum Kind { EARLY, FIRE, CLEANUP }

    @Override
    public int compareTo(EarlyTimer o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : Integer.compare(kind.ordinal(), o.kind.ordinal());
    }

    /**
     * Next epoch-aligned early time after {@code ts}: the least multiple of {@code interval} above it (exact for
     * {@code ts} in the supported range and {@code interval ≤ Timestamps.MAX_DURATION}).
     */
    static long nextAligned(long ts, long interval) {
        return ts - Math.floorMod(ts, interval) + interval;
    }

    /** {@code a + b} for {@code b ≥ 0}, or {@link Long#MAX_VALUE} (+∞) on overflow. */
    static long plus(long a, long b) {
        return dev.tally.engine.time.Timestamps.plus(a, b);
    }
}
