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

    /** Ids and manifests of every stored snapshot, oldest checkpoint id first (manifests are not verified). */
    List<Stored> list();

    /** Opens a snapshot after verifying it; throws {@link SnapshotException} saying what is wrong. */
    Snapshot open(String id);

    /** Deletes a snapshot; a missing one is not an error. */
    void delete(String id);

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
}
