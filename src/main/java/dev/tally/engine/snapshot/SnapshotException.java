package dev.tally.engine.snapshot;

/** A snapshot that cannot be used (missing, corrupt, truncated, unknown format, incompatible), and why. */
public class SnapshotException extends RuntimeException {

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
