package dev.tally.engine.io.source;

/** What a source reader hands its records to. Called only by the reader's own thread. */
public interface SourceContext {

    /**
     * One record.
     *
     * @param partition the partition, as an index among the reader's own partitions
     * @param value     the record's bytes (kept by reference: do not reuse the array)
     * @param offset    its offset in the partition
     */
    void record(int partition, byte[] value, long offset);

    /**
     * One record that the source already prepared with a {@link RecordPreparer} of this job; a context that does not
     * know {@code prepared} handles it as {@link #record(int, byte[], long)}.
     */
    default void record(int partition, byte[] value, long offset, Object prepared) {
        record(partition, value, offset);
    }

    /** An explicit watermark for one of the reader's partitions (sources that carry watermarks). */
    void watermark(int partition, long watermark);

    /** The processing-time clock moved (sources driven by a script). */
    void tick();

    /** A barrier: everything before it is processed before anything after it. */
    void sync(long id);
}
