package dev.tally.engine.io.source;

/** A source of records split among reader threads. Implementations are immutable and thread-safe. */
public interface Source {

    /** The reader with index {@code index} of {@code readers}. */
    SourceReader reader(int index, int readers);
}
