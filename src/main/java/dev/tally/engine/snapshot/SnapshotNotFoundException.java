package dev.tally.engine.snapshot;

/** No snapshot with that id in the store. */
public final class SnapshotNotFoundException extends SnapshotException {

    public SnapshotNotFoundException(String message) {
        super(message);
    }
}
