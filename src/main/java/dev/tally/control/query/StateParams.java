package dev.tally.control.query;

import dev.tally.engine.query.StateQuery;

/**
 * Builds state queries from request parameters, shared by the live and the savepoint endpoints so that both take
 * the same parameters and refuse the same way: an IllegalArgumentException {@code field: message} (answered 400
 * naming the field). Parameters arrive as text so that a malformed number is refused the same way too.
 */
public final class StateParams {

    private StateParams() {
    }

    /**
     * One key: the window starting at {@code windowStart}, or every window of the key when it is null (at most
     * {@code max} of them; the answer says when it has more).
     *
     * @param key         required, non-empty
     * @param windowStart epoch ms, optional
     * @param max         the most windows answered ({@code tally.limits.max-keys-per-query})
     */
    public static StateQuery key(String key, String windowStart, int max) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key: is required and must not be empty");
        }
        Long start = time("windowStart", windowStart);
        return start == null ? new StateQuery(StateQuery.Kind.WINDOWS, key, null, max) : StateQuery.value(key, start);
    }

    /**
     * The top {@code n} entries of a window (or of every window) by the first aggregate.
     *
     * @param max the largest n allowed ({@code tally.limits.max-keys-per-query})
     */
    public static StateQuery top(String n, String windowStart, int max) {
        return StateQuery.top(time("windowStart", windowStart), count("n", n, 10, max));
    }

    /**
     * At most {@code limit} entries whose key starts with {@code prefix} (absent: every key).
     *
     * @param max the largest limit allowed ({@code tally.limits.max-keys-per-query})
     */
    public static StateQuery scan(String prefix, String windowStart, String limit, int max) {
        return StateQuery.prefix(prefix == null ? "" : prefix, time("windowStart", windowStart),
                count("limit", limit, 100, max));
    }

    /** A count parameter from 1 to {@code max}, {@code fallback} when absent. */
    public static int count(String field, String text, int fallback, int max) {
        if (text == null || text.isBlank()) {
            return Math.min(fallback, max);
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the field named
        }
        throw new IllegalArgumentException(field + ": must be a whole number between 1 and " + max
                + " (tally.limits.max-keys-per-query)");
    }

    /** An optional epoch-millisecond time. */
    public static Long time(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": must be a time in epoch milliseconds (a whole number)");
        }
    }
}
