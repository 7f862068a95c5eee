package dev.tally.engine.window;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The accumulators of one window, one row per key, in flat primitive arrays: the keys' UTF-8 bytes back to back
 * in one arena, their {@code String.hashCode()}, the accumulator values ({@code width} doubles per row) and,
 * only once one is not 0, the revisions. An open-addressing table of row numbers finds a key's row. About 25
 * bytes per row plus the key's bytes, against about 200 for a map of objects. Rows are never removed: a window's
 * table is dropped as a whole. Not thread-safe.
 */
final class PaneTable {

    private static final int RECENT = 64;

    private final int width;
    private byte[] arena = new byte[256];
    /** Where row r's key starts in the arena; row r's key ends where row r + 1's starts. */
    private int[] keyStart = new int[17];
    private int[] hashes = new int[16];
    private double[] values;
    private int[] revisions;
    /** Row + 1 per slot, 0 for an empty slot; the length is a power of two. */
    private int[] slots = new int[32];
    private int size;
    /** False while rows appended by a restore wait for {@link #index()}. */
    private boolean indexed = true;
    /** Rows of recently seen key objects (keys often are the same String instances, e.g. from a lookup table). */
    private final String[] recentKeys = new String[RECENT];
    private final int[] recentRows = new int[RECENT];

    PaneTable(int width) {
        this.width = width;
        this.values = new double[16 * Math.max(width, 1)];
    }

    int size() {
        return size;
    }

    int width() {
        return width;
    }

    double[] values() {
        return values;
    }

    /** Where row {@code row}'s accumulator starts in {@link #values()}. */
    int at(int row) {
        return row * width;
    }

    int hash(int row) {
        return hashes[row];
    }

    int revision(int row) {
        return revisions == null ? 0 : revisions[row];
    }

    void revision(int row, int revision) {
        if (revisions == null) {
            if (revision == 0) {
                return;
            }
            revisions = new int[hashes.length];
        }
        revisions[row] = revision;
    }

    String key(int row) {
        return new String(arena, keyStart[row], keyStart[row + 1] - keyStart[row], StandardCharsets.UTF_8);
    }

    int keyLength(int row) {
        return keyStart[row + 1] - keyStart[row];
    }

    /** Writes row {@code row}'s key: its length in bytes (unsigned varint), then its UTF-8 bytes. */
    void writeKey(java.io.DataOutput out, int row) throws java.io.IOException {
        int len = keyLength(row);
        CompactCodec.writeVarint(out, len);
        out.write(arena, keyStart[row], len);
    }

    /** Makes room for {@code rows} more rows (a restore knows how many come), so that none has to grow. */
    void reserve(int rows) {
        int n = Math.max(size + rows, hashes.length + (hashes.length >> 1)); // geometric: a restore reserves per group
        if (size + rows > hashes.length) {
            hashes = Arrays.copyOf(hashes, n);
            keyStart = Arrays.copyOf(keyStart, n + 1);
            values = Arrays.copyOf(values, n * Math.max(width, 1));
            if (revisions != null) {
                revisions = Arrays.copyOf(revisions, n);
            }
        }
    }

    /** The row of {@code key}, or -1 when it has none. */
    int find(String key) {
        index();
        int h = key.hashCode();
        int r = h & (RECENT - 1);
        if (recentKeys[r] == key) {
            return recentRows[r];
        }
        int mask = slots.length - 1;
        for (int i = spread(h) & mask; slots[i] != 0; i = (i + 1) & mask) {
            int row = slots[i] - 1;
            if (hashes[row] == h && matches(key, row)) {
                recentKeys[r] = key;
                recentRows[r] = row;
                return row;
            }
        }
        return -1;
    }

    /** The row of {@code key}, added with an empty accumulator (set by {@code init}) when missing. */
    int row(String key, dev.tally.engine.aggregate.Aggregates init) {
        int row = find(key);
        if (row >= 0) {
            return row;
        }
        byte[] b = key.getBytes(StandardCharsets.UTF_8); // once per new key and window
        row = add(b, 0, b.length, key.hashCode());
        init.init(values, at(row));
        int r = key.hashCode() & (RECENT - 1);
        recentKeys[r] = key;
        recentRows[r] = row;
        return row;
    }

    /**
     * Adds the key in {@code b[off, off + len)} whose String hash is {@code hash} as a new row with an empty
     * accumulator, without looking for it first: only for keys known to be missing (a restore adds each key of a
     * window once).
     */
    int append(byte[] b, int off, int len, int hash, dev.tally.engine.aggregate.Aggregates init) {
        indexed = false; // the index is built in one pass, in slot order, when next needed: see index()
        int row = add(b, off, len, hash);
        init.init(values, at(row));
        return row;
    }

    /** Builds the index if rows were appended since it was last complete. */
    void index() {
        if (!indexed) {
            indexed = true;
            int capacity = slots.length;
            while (size * 4L > capacity * 3L) {
                capacity *= 2;
            }
            rehash(capacity);
        }
    }

    private int add(byte[] b, int off, int len, int hash) {
        if (size == hashes.length) {
            int n = size + (size >> 1);
            hashes = Arrays.copyOf(hashes, n);
            keyStart = Arrays.copyOf(keyStart, n + 1);
            values = Arrays.copyOf(values, n * Math.max(width, 1));
            if (revisions != null) {
                revisions = Arrays.copyOf(revisions, n);
            }
        }
        int start = keyStart[size];
        if (start + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(start + len, arena.length + (arena.length >> 1)));
        }
        System.arraycopy(b, off, arena, start, len);
        int row = size++;
        keyStart[size] = start + len;
        hashes[row] = hash;
        if (!indexed) {
            return row;
        }
        if (size * 4L > slots.length * 3L) {
            rehash(slots.length * 2);
        } else {
            place(row);
        }
        return row;
    }

    /**
     * Places every row in a new index of {@code capacity} slots, in the order of their home slots (a counting
     * sort by the slots' top bits first): the writes then walk the index instead of missing the cache once per
     * row.
     */
    private void rehash(int capacity) {
        slots = new int[capacity];
        int bits = Integer.numberOfTrailingZeros(capacity);
        int bucketBits = Math.min(12, bits);
        int shift = bits - bucketBits;
        int mask = capacity - 1;
        int[] start = new int[(1 << bucketBits) + 1];
        for (int row = 0; row < size; row++) {
            start[((spread(hashes[row]) & mask) >>> shift) + 1]++;
        }
        for (int b = 0; b < 1 << bucketBits; b++) {
            start[b + 1] += start[b];
        }
        int[] order = new int[size];
        for (int row = 0; row < size; row++) {
            order[start[(spread(hashes[row]) & mask) >>> shift]++] = row;
        }
        for (int row : order) {
            place(row);
        }
    }

    private void place(int row) {
        int mask = slots.length - 1;
        int i = spread(hashes[row]) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = row + 1;
    }

    private boolean matches(String key, int row) {
        int start = keyStart[row];
        int len = keyStart[row + 1] - start;
        int n = key.length();
        if (n > len) {
            return false; // UTF-8 takes at least one byte per char
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c >= 0x80) {
                byte[] b = key.getBytes(StandardCharsets.UTF_8);
                return Arrays.equals(arena, start, start + len, b, 0, b.length);
            }
            if (arena[start + i] != c) {
                return false;
            }
        }
        return n == len;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16) ^ (h >>> 7);
    }

    /**
     * The {@code String.hashCode()} of the key whose UTF-8 bytes are {@code b[off, off + len)}, without building
     * the String when the key is ASCII.
     */
    static int hashOf(byte[] b, int off, int len) {
        int h = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return new String(b, off, len, StandardCharsets.UTF_8).hashCode();
            }
            h = 31 * h + b[i];
        }
        return h;
    }
}
