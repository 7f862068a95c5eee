package dev.tally.control.catalog;

/** What the catalog knows about a savepoint's files. */
public enum SavepointStatus {
    /** Every data file was read back and matches its size and SHA-256 in the manifest. */
    VERIFIED,
    /** The manifest is readable and matches the id; the data files have not been read back yet. */
    UNVERIFIED,
    /** The entry cannot be used; the row's problem says which file is wrong and how. */
    CORRUPT,
    /** The row's directory is not in the storage directory any more. */
    MISSING
}
