package dev.tally.engine.window;

/**
 * Keyed windows of one subtask: assigns elements, keeps one pane per key and window, fires by trigger. Results
 * and late elements go to a {@link WindowOutput}. Not thread-safe: owned by one subtask thread.
 */
public interface WindowOperator {

    /**
     * Adds an element.
     *
     * @param inputs aggregate inputs of the element, starting at {@code from}, laid out as
     *               {@link dev.tally.engine.aggregate.Inputs} says
     * @param raw    the original record, kept only for the late output (may be null)
     */
    void element(String key, long ts, long[] inputs, int from, byte[] raw);

    /**
     * Adds a partial: the merged values of {@code count} elements of one key whose timestamps share the pane
     * starting at {@code ts} (only operators built for {@link WindowOperators#partialWindows} jobs take them).
     */
    default void partial(String key, long ts, long[] values, int from, long count) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes no partials");
    }

    /** The combined watermark advanced to {@code watermark}. */
    void watermark(long watermark);

    /** The processing-time clock advanced to {@code now}. */
    void processingTime(long now);

    /** End of input, after the watermark went to +∞: flushes what the spec asks to flush. */
    void endOfInput();

    /** Elements dropped as late so far. */
    long lateDropped();

    /** Panes held (one per key and window). */
    long panes();

    /** Elements buffered in panes (only with evictors or sliding count windows). */
    long bufferedElements();

    /**
     * Writes every pane to the stream of its key's group, in an order that depends only on the state and the
     * order its panes were added (a restored operator writes its key groups as they were).
     */
    void snapshot(StateOutput out) throws java.io.IOException;

    /** Sets the watermark and processing-time clock a restored job starts from (before {@link #restore}). */
    void restoreTime(long watermark, long clock);

    /** Adds the panes in a key group's data, as written by {@link #snapshot}, and re-arms their timers. */
    void restore(java.io.DataInput in) throws java.io.IOException;

    /**
     * Visits the state held now, for a state query: one entry per (key, window) pane that holds elements, its
     * values what the pane would emit if it fired now (see {@link StateEntries.Entry}). Runs on the owning thread,
     * between elements, so no entry is ever half-updated. The entries it builds are new objects: the operator's
     * state is not shared with the visitor.
     *
     * @param key         only this key's panes, or null for every key
     * @param windowStart only the window starting here (ms), or null for every window; for count and global
     *                    windows, the start of the span of the pane's elements
     */
    void query(String key, Long windowStart, java.util.function.Consumer<StateEntries.Entry> visitor);

    /** Every key group is restored: builds what the restored state needs before the first element. */
    default void restored() {
    }
}
