package dev.tally.engine.window;

import java.io.DataOutput;

/** Where an operator writes its state at a snapshot: one stream per key group. Not thread-safe. */
public interface StateOutput {

    /** The stream of the key group that {@code key} belongs to; counts one entry. */
    default DataOutput entry(String key) {
        return entry(key.hashCode());
    }

    /** The stream of the key group of the keys whose {@code String.hashCode()} is {@code keyHash}; counts one entry. */
    default DataOutput entry(int keyHash) {
        return group(keyGroup(keyHash), 1);
    }

    /** The key group of the keys whose {@code String.hashCode()} is {@code keyHash}. */
    int keyGroup(int keyHash);

    /** The stream of key group {@code keyGroup}; counts {@code entries} entries. */
    DataOutput group(int keyGroup, long entries);
}
