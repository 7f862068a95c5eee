package dev.tally.engine.window;

/** Where window operators send what they produce. Called by one subtask thread at a time per instance. */
public interface WindowOutput {

    /** A window result. */
    void result(WindowResult result);

    /**
     * An element dropped because every window it belongs to is past its allowed lateness.
     *
     * @param key   its key
     * @param ts    its timestamp
     * @param raw   the original record, if kept (null otherwise)
     */
    void late(String key, long ts, byte[] raw);

    /** A partial of {@code count} elements dropped as late (a job without late output: no records kept). */
    default void late(String key, long ts, long count) {
        for (long i = 0; i < count; i++) {
            late(key, ts, null);
        }
    }
}
