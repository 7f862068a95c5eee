package dev.tally.engine.snapshot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Recovery was refused because the store holds entries that cannot be read, any of which may be the newest
 * checkpoint: resuming from an older one would roll state back in silence. Nothing was restored or changed.
 */
public final class UnreadableSnapshotException extends SnapshotException {

    private final transient List<SnapshotStore.Unreadable> unreadable;
    private final transient SnapshotStore.Stored newestReadable;

    UnreadableSnapshotException(List<SnapshotStore.Unreadable> unreadable, SnapshotStore.Stored newestReadable) {
        super(message(unreadable, newestReadable));
        this.unreadable = List.copyOf(unreadable);
        this.newestReadable = newestReadable;
    }

    private static String message(List<SnapshotStore.Unreadable> unreadable, SnapshotStore.Stored newest) {
        return "refusing to resume: " + unreadable.size() + (unreadable.size() == 1 ? " checkpoint" : " checkpoints")
                + " cannot be read and may be newer than any readable one ("
                + unreadable.stream().map(SnapshotStore.Unreadable::problem).collect(Collectors.joining("; "))
                + "). Nothing was restored or changed. "
                + (newest == null ? "No readable checkpoint is left: to start from empty state, move the state away."
                        : "The newest readable checkpoint is " + newest.id() + " (checkpoint "
                                + newest.manifest().checkpointId() + ", taken " + newest.manifest().createdAt()
                                + "); name it explicitly to resume from it (the unreadable ones are then set aside,"
                                + " not deleted).");
    }

    /** The entries that cannot be read, with why. */
    public List<SnapshotStore.Unreadable> unreadable() {
        return unreadable;
    }

    /** The newest readable checkpoint, which the user may choose explicitly; null if none. */
    public SnapshotStore.Stored newestReadable() {
        return newestReadable;
    }
}
