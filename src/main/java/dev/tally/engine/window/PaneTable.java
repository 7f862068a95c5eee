package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The accumulators of one window, one row per key, in primitive arrays: per row the key's {@code String.hashCode()},
 * where its key is in the arena (each key: its length as an unsigned varint, then its UTF-8 bytes), the
 * accumulator slots ({@code width} longs) and, only once one is not 0, the revision. An open-addressing index
 * of row numbers finds a key's row. Every array is cut in chunks: the first chunk of each grows until it is full
 * size, later ones are allocated full size, so no array is ever a humongous object for G1 (which would waste the
 * tail of its last region), a large table wastes at most one partly used chunk per column, and growing never
 * copies more than one chunk. About 17 bytes per row plus the key and the index. Rows are never removed: a
 * window's table is dropped as a whole. Not thread-safe.
 */
final class PaneTable {

    private static final int RECENT = 64;
    private static final int ROW_BITS = 14;
    private static final int ROWS = 1 << ROW_BITS;
    private static final int ROW_MASK = ROWS - 1;
    private static final int ARENA_BITS = 18;
    private static final int ARENA_CHUNK = 1 << ARENA_BITS;
    private static final int MAX_ARENA_CHUNKS = 1 << (31 - ARENA_BITS);
    private static final int SLOT_BITS = 16;
    private static final int SLOT_CHUNK = 1 << SLOT_BITS;
    private static final int SLOT_MASK = SLOT_CHUNK - 1;

    private final int width;
    private int[][] hashes = {new int[16]};
    /** Arena chunk (high bits) and offset (low {@link #ARENA_BITS} bits) of each row's key. */
    private int[][] keyRefs = {new int[16]};
    private long[][] values;
    private int[][] revisions;
    private byte[][] arena = {new byte[256]};
    private int arenaChunk;
    private int arenaUsed;
    /** Row + 1 per slot, 0 for an empty slot; {@link #capacity} slots, a power of two, in chunks. */
    private int[][] slots = {new int[32]};
    private int capacity = 32;
    private int size;
    /** False while rows appended by a restore wait for {@link #index()}. */
    private boolean indexed = true;
    /** Rows of recently seen key objects (keys often are the same String instances, e.g. from a lookup table). */
    private final String[] recentKeys = new String[RECENT];
    private final int[] recentRows = new int[RECENT];

    PaneTable(int width) {
        this.width = width;
        this.values = new long[][] {new long[16 * Math.max(width, 1)]};
    }

    int size() {
        return size;
    }

    int width() {
        return width;
    }

    /** The chunk holding row {@code row}'s accumulator, which starts there at {@link #at(int)}. */
    long[] values(int row) {
        return values[row >>> ROW_BITS];
    }

    /** Where row {@code row}'s accumulator starts in {@link #values(int)}. */
    int at(int row) {
        return (row & ROW_MASK) * width;
    }

    int hash(int row) {
        return hashes[row >>> ROW_BITS][row & ROW_MASK];
    }

    int revision(int row) {
        int c = row >>> ROW_BITS;
        int i = row & ROW_MASK;
        return revisions == null || revisions[c] == null || i >= revisions[c].length ? 0 : revisions[c][i];
    }

    void revision(int row, int revision) {
        int c = row >>> ROW_BITS;
        if (revisions == null || revisions[c] == null || (row & ROW_MASK) >= revisions[c].length) {
            if (revision == 0) {
                return;
            }
            if (revisions == null || revisions.length < hashes.length) {
                revisions = revisions == null ? new int[hashes.length][] : Arrays.copyOf(revisions, hashes.length);
            }
            int n = hashes[c].length;
            revisions[c] = revisions[c] == null ? new int[n] : Arrays.copyOf(revisions[c], n);
        }
        revisions[c][row & ROW_MASK] = revision;
    }

    String key(int row) {
        int ref = keyRefs[row >>> ROW_BITS][row & ROW_MASK];
        byte[] chunk = arena[ref >>> ARENA_BITS];
        int at = ref & (ARENA_CHUNK - 1);
        int len = varint(chunk, at);
        return new String(chunk, at + varintSize(len), len, StandardCharsets.UTF_8);
    }

    /** Writes row {@code row}'s key: its length in bytes (unsigned varint), then its UTF-8 bytes. */
    void writeKey(java.io.DataOutput out, int row) throws java.io.IOException {
        int ref = keyRefs[row >>> ROW_BITS][row & ROW_MASK];
        byte[] chunk = arena[ref >>> ARENA_BITS];
        int at = ref & (ARENA_CHUNK - 1);
        int len = varint(chunk, at);
        out.write(chunk, at, varintSize(len) + len); // stored as it is written
    }

    /** The row of {@code key}, or -1 when it has none. */
    int find(String key) {
        index();
        int h = key.hashCode();
        int r = h & (RECENT - 1);
        if (recentKeys[r] == key) {
            return recentRows[r];
        }
        int mask = capacity - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i >>> SLOT_BITS][i & SLOT_MASK];
            if (slot == 0) {
                return -1;
            }
            int row = slot - 1;
            if (hash(row) == h && matches(key, row)) {
                recentKeys[r] = key;
                recentRows[r] = row;
                return row;
            }
        }
    }

    /** The row of {@code key}, added with an empty accumulator (set by {@code init}) when missing. */
    int row(String key, Aggregates init) {
        int row = find(key);
        if (row >= 0) {
            return row;
        }
        byte[] b = key.getBytes(StandardCharsets.UTF_8); // once per new key and window
        row = add(b, 0, b.length, key.hashCode(), init);
        int r = key.hashCode() & (RECENT - 1);
        recentKeys[r] = key;
        recentRows[r] = row;
        return row;
    }

    /**
     * Adds the key in {@code b[off, off + len)} whose String hash is {@code hash} as a new row with an empty
     * accumulator, without looking for it first: only for keys known to be missing (a restore adds each key of a
     * window once). The index is built when next needed.
     */
    int append(byte[] b, int off, int len, int hash, Aggregates init) {
        indexed = false;
        return add(b, off, len, hash, init);
    }

    /** Makes room for {@code rows} more rows in the first chunk (a restore knows how many come). */
    void reserve(int rows) {
        if (size < ROWS && size + rows > hashes[0].length) {
            growFirstChunk(Math.min(ROWS, Math.max(size + rows, hashes[0].length + (hashes[0].length >> 1))));
        }
    }

    /** Builds the index if rows were appended since it was last complete. */
    void index() {
        if (!indexed) {
            indexed = true;
            int c = capacity;
            while (size * 4L > c * 3L) {
                c *= 2;
            }
            rehash(c);
        }
    }

    private int add(byte[] b, int off, int len, int hash, Aggregates init) {
        int row = size;
        int c = row >>> ROW_BITS;
        int i = row & ROW_MASK;
        if (c == 0 && i == hashes[0].length) {
            growFirstChunk(Math.min(ROWS, i + (i >> 1)));
        } else if (c > 0 && i == 0) {
            addChunk(c);
        }
        hashes[c][i] = hash;
        keyRefs[c][i] = store(b, off, len);
        init.init(values[c], i * width);
        size++;
        if (indexed) {
            if (size * 4L > capacity * 3L) {
                rehash(capacity * 2);
            } else {
                place(row);
            }
        }
        return row;
    }

    private void growFirstChunk(int n) {
        hashes[0] = Arrays.copyOf(hashes[0], n);
        keyRefs[0] = Arrays.copyOf(keyRefs[0], n);
        values[0] = Arrays.copyOf(values[0], n * Math.max(width, 1));
    }

    private void addChunk(int c) {
        if (c == hashes.length) {
            int n = hashes.length * 2;
            hashes = Arrays.copyOf(hashes, n);
            keyRefs = Arrays.copyOf(keyRefs, n);
            values = Arrays.copyOf(values, n);
        }
        hashes[c] = new int[ROWS];
        keyRefs[c] = new int[ROWS];
        values[c] = new long[ROWS * Math.max(width, 1)];
    }

    /** Copies a key into the arena; returns its reference. */
    private int store(byte[] b, int off, int len) {
        int need = varintSize(len) + len;
        byte[] chunk = arena[arenaChunk];
        if (arenaUsed + need > chunk.length) {
            if (arenaChunk == 0 && chunk.length < ARENA_CHUNK && arenaUsed + need <= ARENA_CHUNK) {
                chunk = Arrays.copyOf(chunk, Math.min(ARENA_CHUNK, Math.max(arenaUsed + need, chunk.length * 3 / 2)));
                arena[0] = chunk;
            } else {
                if (arenaChunk + 1 == MAX_ARENA_CHUNKS) {
                    throw new IllegalStateException("more than 2 GiB of keys in one window of one subtask");
                }
                if (arenaChunk + 1 == arena.length) {
                    arena = Arrays.copyOf(arena, arena.length * 2);
                }
                chunk = new byte[Math.max(ARENA_CHUNK, need)]; // a key longer than a chunk gets its own
                arena[++arenaChunk] = chunk;
                arenaUsed = 0;
            }
        }
        int ref = (arenaChunk << ARENA_BITS) | arenaUsed;
        int at = arenaUsed;
        for (int v = len; ; v >>>= 7) { // the varint length, as CompactCodec writes it
            if ((v & ~0x7F) == 0) {
                chunk[at++] = (byte) v;
                break;
            }
            chunk[at++] = (byte) ((v & 0x7F) | 0x80);
        }
        System.arraycopy(b, off, chunk, at, len);
        arenaUsed = at + len;
        return ref;
    }

    /**
     * Places every row in a new index of {@code slotCount} slots, in the order of their home slots (a counting
     * sort by the slots' top bits first): the writes then walk the index instead of missing the cache once per
     * row.
     */
    private void rehash(int slotCount) {
        capacity = slotCount;
        slots = slotCount <= SLOT_CHUNK ? new int[][] {new int[slotCount]} : new int[slotCount >>> SLOT_BITS][SLOT_CHUNK];
        int bits = Integer.numberOfTrailingZeros(slotCount);
        int bucketBits = Math.min(12, bits);
        int shift = bits - bucketBits;
        int mask = slotCount - 1;
        int[] start = new int[(1 << bucketBits) + 1];
        for (int row = 0; row < size; row++) {
            start[((spread(hash(row)) & mask) >>> shift) + 1]++;
        }
        for (int b = 0; b < 1 << bucketBits; b++) {
            start[b + 1] += start[b];
        }
        int[] order = new int[size];
        for (int row = 0; row < size; row++) {
            order[start[(spread(hash(row)) & mask) >>> shift]++] = row;
        }
        for (int row : order) {
            place(row);
        }
    }

    private void place(int row) {
        int mask = capacity - 1;
        int i = spread(hash(row)) & mask;
        while (slots[i >>> SLOT_BITS][i & SLOT_MASK] != 0) {
            i = (i + 1) & mask;
        }
        slots[i >>> SLOT_BITS][i & SLOT_MASK] = row + 1;
    }

    private boolean matches(String key, int row) {
        int ref = keyRefs[row >>> ROW_BITS][row & ROW_MASK];
        byte[] chunk = arena[ref >>> ARENA_BITS];
        int at = ref & (ARENA_CHUNK - 1);
        int len = varint(chunk, at);
        int start = at + varintSize(len);
        int n = key.length();
        if (n > len) {
            return false; // UTF-8 takes at least one byte per char
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c >= 0x80) {
                byte[] b = key.getBytes(StandardCharsets.UTF_8);
                return Arrays.equals(chunk, start, start + len, b, 0, b.length);
            }
            if (chunk[start + i] != c) {
                return false;
            }
        }
        return n == len;
    }

    private static int varint(byte[] b, int at) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[at++];
            v |= (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private static int varintSize(int v) {
        return v < 1 << 7 ? 1 : v < 1 << 14 ? 2 : v < 1 << 21 ? 3 : v < 1 << 28 ? 4 : 5;
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
