package dev.tally.engine.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The snapshot format of {@link PaneTable} rows: per key group and window, a block {@code 'W'}, window start
 * (long), accumulator width (int), entry count (int), then per entry the key's length (unsigned varint), its UTF-8
 * bytes, the revision (unsigned varint) and the accumulator slots (longs, as
 * {@link dev.tally.engine.aggregate.Aggregates} lays them out). About 21 bytes for a counter with an 11-byte
 * key. Stateless.
 */
final class CompactCodec {

    static final char BLOCK = 'W';

    private CompactCodec() {
    }

    /** One entry of a block, read into reused buffers. Not thread-safe. */
    static final class Entry {
        long start;
        byte[] key = new byte[64];
        int keyLength;
        int revision;
        final long[] values;

        Entry(int width) {
            values = new long[width];
        }

        String key() {
            return new String(key, 0, keyLength, StandardCharsets.UTF_8);
        }
    }

    static void writeHeader(DataOutput out, long start, int width, int count) throws IOException {
        out.writeByte(BLOCK);
        out.writeLong(start);
        out.writeInt(width);
        out.writeInt(count);
    }

    static void writeEntry(DataOutput out, PaneTable table, int row) throws IOException {
        table.writeKey(out, row);
        writeVarint(out, table.revision(row));
        long[] v = table.values(row);
        int at = table.at(row);
        for (int i = 0; i < table.width(); i++) {
            out.writeLong(v[at + i]);
        }
    }

    /**
     * Reads a block's header (after its tag) into {@code e}.
     *
     * @return the number of entries that follow
     */
    static int readHeader(DataInput in, Entry e) throws IOException {
        e.start = in.readLong();
        int width = in.readInt();
        if (width != e.values.length) {
            throw new IOException("accumulator has " + width + " slots, this job's aggregates need " + e.values.length);
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("bad entry count " + count);
        }
        return count;
    }

    static void readEntry(DataInput in, Entry e) throws IOException {
        int n = readVarint(in);
        if (n > (1 << 24)) {
            throw new IOException("bad key length " + n);
        }
        if (n > e.key.length) {
            e.key = new byte[Math.max(n, e.key.length * 2)];
        }
        in.readFully(e.key, 0, n);
        e.keyLength = n;
        e.revision = readVarint(in);
        for (int i = 0; i < e.values.length; i++) {
            e.values[i] = in.readLong();
        }
    }

    static void writeVarint(DataOutput out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int readVarint(DataInput in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readByte();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (v < 0) {
                    throw new IOException("bad varint");
                }
                return v;
            }
        }
        throw new IOException("bad varint");
    }
}
