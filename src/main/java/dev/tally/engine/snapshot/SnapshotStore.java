package dev.tally.engine.snapshot;

import java.util.List;
import java.util.Map;

/**
 * Immutable, content-addressed storage of snapshots: a snapshot is created whole or not at all, is never
 * rewritten, and is verified (format version, every checksum) before anything reads its state.
 * Implementations are thread-safe.
 */
public interface SnapshotStore {

    /**
     * Stores a snapshot: the data files and a manifest that records their sizes and SHA-256. Atomic: a crash
     * leaves either the whole snapshot or none visible.
     *
     * @param draft manifest without the data file checksums and sizes (they are filled in here)
     * @param files data files by name; names referenced by the draft's key groups and pending outputs
     * @return the stored snapshot: its id (derived from its content) and sealed manifest
     */
    Stored write(Manifest draft, Map<String, BytesOutput> files);

    /**
     * Ids and manifests of the readable snapshots, oldest checkpoint id first. Leaves out what {@link #scan()}
     * reports as unreadable: use it only where an unreadable snapshot may be left alone (retention, display);
     * whoever picks a snapshot to restore must use {@link #scan()} (or {@link Recovery}) and refuse instead.
     */
    default List<Stored> list() {
        return scan().snapshots();
    }

    /**
     * Everything in the store: the readable snapshots (each manifest parsed, its hash checked against the id and
     * its format version checked; data files are verified only by {@link #open}), oldest checkpoint id first; the
     * entries that cannot be read, each with what is wrong; and those set aside by {@link #quarantine}.
     *
     * @throws java.io.UncheckedIOException when the store itself cannot be listed
     */
    Listing scan();

    /** Opens a snapshot after verifying it; throws {@link SnapshotException} saying what is wrong. */
    Snapshot open(String id);

    /** Deletes a snapshot; a missing one is not an error. */
    void delete(String id);

    /**
     * Sets an entry of the store aside, untouched, under another name, so that recovery no longer considers it
     * but it stays available for inspection: only when a user has explicitly chosen to restore from an older
     * snapshot (see {@link Recovery}).
     *
     * @return the name it is kept under (relative to the store)
     * @throws SnapshotNotFoundException when there is no such entry
     */
    String quarantine(String id);

    /** Removes what a crashed writer left half-written; called only by the run that writes into the store. */
    default void removeUnfinished() {
    }

    /**
     * A snapshot in a store.
     *
     * @param id       its id
     * @param manifest its manifest
     */
    record Stored(String id, Manifest manifest) {
    }

    /**
     * An entry of the store that is not a usable snapshot.
     *
     * @param id      the entry's name in the store
     * @param problem what is wrong, naming the file (for example "manifest.json is not valid JSON: ...")
     */
    record Unreadable(String id, String problem) {
    }

    /**
     * What {@link #scan()} found.
     *
     * @param snapshots   readable snapshots, oldest checkpoint id first
     * @param unreadable  entries that cannot be read, with why, by name
     * @param quarantined names of entries set aside by {@link #quarantine} (kept, never read)
     */
    record Listing(List<Stored> snapshots, List<Unreadable> unreadable, List<String> quarantined) {
    }
}
