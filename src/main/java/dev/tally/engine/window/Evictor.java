package dev.tally.engine.window;

import dev.tally.engine.spec.EvictorSpec;

/**
 * Removes elements from a window's buffer at a firing (Flink's count, time and delta evictors). Immutable.
 */
final class Evictor {

    private final EvictorSpec.Kind kind;
    private final long count;
    private final long interval;
    private final double threshold;
    private final int column;
    private final boolean after;

    /**
     * @param column the input column a delta evictor compares
     */
    Evictor(EvictorSpec spec, int column) {
        this.kind = spec.kind();
        this.count = spec.count();
        this.interval = spec.interval() == null ? 0 : spec.interval().toMillis();
        this.threshold = spec.threshold();
        this.column = column;
        this.after = spec.after();
    }

    /** A count evictor keeping the newest {@code n} elements, evicting before the aggregate. */
    static Evictor keepNewest(long n) {
        return new Evictor(new EvictorSpec(EvictorSpec.Kind.COUNT, n, null, 0, null, false), 0);
    }

    boolean after() {
        return after;
    }

    void evict(ElementBuffer b) {
        int n = b.size();
        if (n == 0) {
            return;
        }
        boolean[] keep = new boolean[n];
        switch (kind) {
            case COUNT -> {
                for (int i = 0; i < n; i++) {
                    keep[i] = i >= n - count;
                }
            }
            case TIME -> {
                long max = Long.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, b.time(i));
                }
                for (int i = 0; i < n; i++) {
                    keep[i] = b.time(i) > max - interval;
                }
            }
            case DELTA -> {
                double last = b.value(n - 1, column);
                for (int i = 0; i < n; i++) {
                    keep[i] = !(Math.abs(b.value(i, column) - last) >= threshold);
                }
            }
        }
        b.retain(keep);
    }
}
