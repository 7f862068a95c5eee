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

    /** The source-wide id of one of this reader's partitions (by local index). */
    default int partitionId(int local) {
        return local;
    }

    /** The position of the next record of a local partition (Kafka offset, generator sequence, file line). */
    default long position(int local) {
        return -1;
    }

    /** After {@link #open()}: continue from these positions (source-wide partition id → position). */
    default void seek(java.util.Map<Integer, Long> positions) {
    }

    /** Makes a waiting {@link #poll} return soon; callable from any thread. */
    void wakeup();

    /**
     * The job is stopping: makes a waiting {@link #open} or {@link #poll} give up soon (an open may then throw
     * {@link SourceStoppedException}); callable from any thread.
     */
    default void stop() {
        wakeup();
    }

    @Override
    void close();
}
