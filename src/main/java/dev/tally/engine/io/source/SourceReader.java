package dev.tally.engine.io.source;

/**
 * Reads the partitions of a source that one reader thread owns. Not thread-safe, except {@link #wakeup()}.
 */
public interface SourceReader extends AutoCloseable {

    /**
     * Connects and returns how many partitions this reader owns (0 is allowed: such a reader never holds the
     * watermark back).
     *
     * @return the number of partitions, or -1 when the source is not available yet (the caller retries)
     */
    int open();

    /**
     * Reads what is available, waiting at most {@code timeoutMillis} when nothing is.
     *
     * @return false once the reader has read everything it ever will (bounded sources)
     */
    boolean poll(SourceContext context, long timeoutMillis) throws InterruptedException;

    /** Makes a waiting {@link #poll} return soon; callable from any thread. */
    void wakeup();

    @Override
    void close();
}
