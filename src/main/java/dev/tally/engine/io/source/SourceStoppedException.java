package dev.tally.engine.io.source;

/**
 * Thrown by a {@link SourceReader} that gave up waiting (for a broker, a file) because its job is stopping
 * ({@link SourceReader#stop()}): the end of the reader, not a failure.
 */
public final class SourceStoppedException extends RuntimeException {

    public SourceStoppedException(String message) {
        super(message, null, false, false);
    }
}
