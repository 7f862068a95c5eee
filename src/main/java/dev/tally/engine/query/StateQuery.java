package dev.tally.engine.query;

/**
 * A read of keyed window state: of a running job ({@code RunningJob.query}) or of a snapshot
 * ({@code SavepointReader.query}). Four kinds, built by the factories:
 * <ul>
 *   <li>{@link #value(String, long)}: one key in the window starting at a time (0 or 1 entry);</li>
 *   <li>{@link #windowsOf(String)}: every window of one key that holds state, by window start;</li>
 *   <li>{@link #top(Long, int)}: the {@code n} entries with the largest first aggregate value, largest first;</li>
 *   <li>{@link #prefix(String, Long, int)}: entries whose key starts with a prefix, by key then window start,
 *       at most {@code limit} (the answer says when more matched).</li>
 * </ul>
 * Times are epoch milliseconds of event time (processing time for processing-time windows); windows are
 * half-open {@code [start, end)}. For count and global windows an entry's window is the event-time span of the
 * elements it holds, so a {@code windowStart} filter matches that span's start. Immutable and thread-safe.
 *
 * @param kind        what is asked
 * @param key         the key (VALUE, WINDOWS) or key prefix (PREFIX, may be empty); null for TOP
 * @param windowStart only the window starting here, or null for every window (always set for VALUE)
 * @param limit       most entries returned (TOP and PREFIX: 1 to {@link #MAX_LIMIT}; 1 for VALUE; for WINDOWS
 *                    the {@link #MAX_LIMIT})
 */
public record StateQuery(Kind kind, String key, Long windowStart, int limit) {

    /** The engine's own cap on one answer's entries; the control plane sets a lower one. */
    public static final int MAX_LIMIT = 100_000;

    /** What a query asks. */
    public enum Kind {
        /** One key in one window. */
        VALUE,
        /** Every window of one key. */
        WINDOWS,
        /** The top-N entries by the first aggregate value. */
        TOP,
        /** A bounded scan of the keys that start with a prefix. */
        PREFIX
    }

    /**
     * @throws IllegalArgumentException naming the wrong field ({@code key}, {@code windowStart}, {@code limit})
     *                                  as {@code field: message}
     */
    public StateQuery {
        if (kind == null) {
            throw new IllegalArgumentException("kind: is required");
        }
        if ((kind == Kind.VALUE || kind == Kind.WINDOWS) && (key == null || key.isEmpty())) {
            throw new IllegalArgumentException("key: is required and must not be empty");
        }
        if (kind == Kind.PREFIX && key == null) {
            throw new IllegalArgumentException("prefix: is required (it may be empty)");
        }
        if (kind == Kind.VALUE && windowStart == null) {
            throw new IllegalArgumentException("windowStart: is required for one key's value");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The state of {@code key} in the window starting at {@code windowStart} (ms). */
    public static StateQuery value(String key, long windowStart) {
        return new StateQuery(Kind.VALUE, key, windowStart, 1);
    }

    /** Every window of {@code key} that holds state (at most {@link #MAX_LIMIT}). */
    public static StateQuery windowsOf(String key) {
        return new StateQuery(Kind.WINDOWS, key, null, MAX_LIMIT);
    }

    /** The {@code n} entries of the window starting at {@code windowStart} (null: of every window) ranked by their
     * first aggregate value, largest first (absent values last; ties by key, then window start). */
    public static StateQuery top(Long windowStart, int n) {
        return new StateQuery(Kind.TOP, null, windowStart, n);
    }

    /** Up to {@code limit} entries whose key starts with {@code prefix}, in the window starting at
     * {@code windowStart} (null: every window), sorted by key then window start. */
    public static StateQuery prefix(String prefix, Long windowStart, int limit) {
        return new StateQuery(Kind.PREFIX, prefix, windowStart, limit);
    }

    /** The key whose owner alone can answer (VALUE, WINDOWS), or null when every owner must (TOP, PREFIX). */
    public String routingKey() {
        return kind == Kind.VALUE || kind == Kind.WINDOWS ? key : null;
    }
}
