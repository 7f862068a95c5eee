package dev.tally.engine.io.source;

/**
 * Work a source may do on a record before it hands the record over (decode it, read its time, filter it, compute
 * its key), on any of several threads, so that a single reader that must keep a strict order (a replay's merge)
 * still decodes in parallel. Implementations are thread-safe; each {@link Worker} is used by one thread.
 */
public interface RecordPreparer {

    /** A worker for one thread. */
    Worker worker();

    /** Prepares records on one thread. */
    interface Worker {

        /**
         * Prepares a record; never throws (a record that cannot be prepared is prepared as a dead letter).
         *
         * @return what {@link SourceContext#record(int, byte[], long, Object)} takes
         */
        Object prepare(byte[] value);

        /** The prepared record's event time, epoch ms, or {@link Long#MIN_VALUE} when it has none. */
        long time(Object prepared);
    }
}
