package dev.tally.engine.snapshot;

import java.util.Map;

/**
 * A verified snapshot: its manifest and its data files, read into memory. Immutable.
 *
 * @param id       its id in the store
 * @param manifest its manifest
 * @param files    data files by name
 */
public record Snapshot(String id, Manifest manifest, Map<String, byte[]> files) {

    /** A data file's bytes; verified against the manifest when the snapshot was opened. */
    public byte[] file(String name) {
        byte[] b = files.get(name);
        if (b == null) {
            throw new SnapshotException("snapshot " + id + " has no file " + name);
        }
        return b;
    }
}
