package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes and reads panes and keys in the snapshot format (big-endian, deterministic). Stateless. Two kinds of
 * time-window entries exist: {@code 'T'}, a whole pane, and {@code 'C'}, the compact entry of a
 * {@link PaneTable} row (start, key, revision, accumulator values); both time-window operators read both.
 */
final class PaneCodec {

    private PaneCodec() {
    }

    /**
     * Reads the tag of the next snapshot entry: false at the end of the data; an error when the entry belongs
     * to another kind of window than {@code kind} describes.
     */
    static boolean nextEntry(DataInput in, char tag, String kind) throws IOException {
        int t;
        try {
            t = in.readByte();
        } catch (java.io.EOFException e) {
            return false;
        }
        if (t != tag) {
            throw new IOException("this job has " + kind + ", the snapshot holds '" + (char) t + "' state");
        }
        return true;
    }

    static void writeKey(DataOutput out, String key) throws IOException {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readKey(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 24)) {
            throw new IOException("bad key length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void write(DataOutput out, Pane p, Aggregates aggregates) throws IOException {
        out.writeInt(p.revision);
        out.writeLong(p.held);
        out.writeLong(p.sinceFiring);
        out.writeLong(p.nextEarly);
        out.writeLong(p.minTs);
        out.writeLong(p.maxTs);
        int replaced = p.replaced == null ? 0 : p.replaced.size();
        out.writeInt(replaced);
        for (int i = 0; i < replaced; i++) {
            out.writeLong(p.replaced.get(i).start());
            out.writeLong(p.replaced.get(i).end());
        }
        if (p.buffer != null) {
            out.writeByte(1);
            ElementBuffer b = p.buffer;
            out.writeInt(b.size());
            for (int i = 0; i < b.size(); i++) {
                out.writeLong(b.time(i));
            }
            int stride = b.stride();
            out.writeInt(stride);
            for (int i = 0; i < b.size() * stride; i++) {
                out.writeDouble(b.values()[i]);
            }
        } else {
            out.writeByte(0);
            aggregates.write(p.acc, out);
        }
    }

    static Pane read(DataInput in, Panes panes, Aggregates aggregates) throws IOException {
        Pane p = panes.create();
        p.revision = in.readInt();
        p.held = in.readLong();
        p.sinceFiring = in.readLong();
        p.nextEarly = in.readLong();
        p.minTs = in.readLong();
        p.maxTs = in.readLong();
        int replaced = in.readInt();
        for (int i = 0; i < replaced; i++) {
            p.replaced(new Window(in.readLong(), in.readLong()));
        }
        byte kind = in.readByte();
        if (kind == 1) {
            if (p.buffer == null) {
                throw new IOException("the snapshot holds buffered elements, but this job has no evictor");
            }
            int size = in.readInt();
            long[] times = new long[size];
            for (int i = 0; i < size; i++) {
                times[i] = in.readLong();
            }
            int stride = in.readInt();
            double[] row = new double[Math.max(stride, 1)];
            for (int i = 0; i < size; i++) {
                for (int c = 0; c < stride; c++) {
                    row[c] = in.readDouble();
                }
                p.buffer.add(times[i], row, 0);
            }
        } else {
            if (p.acc == null) {
                throw new IOException("the snapshot holds an accumulator, but this job buffers elements");
            }
            p.acc = aggregates.read(in);
        }
        return p;
    }

    /** One compact entry, read into reused buffers. Not thread-safe. */
    static final class CompactEntry {
        long start;
        byte[] key = new byte[64];
        int keyLength;
        int revision;
        final double[] values;

        CompactEntry(int width) {
            values = new double[width];
        }

        String key() {
            return new String(key, 0, keyLength, StandardCharsets.UTF_8);
        }
    }

    /** Writes row {@code row} of {@code table} as a compact entry of the window starting at {@code start}. */
    static void writeCompact(DataOutput out, long start, PaneTable table, int row) throws IOException {
        out.writeByte('C');
        out.writeLong(start);
        table.writeKey(out, row);
        out.writeInt(table.revision(row));
        double[] v = table.values();
        int at = table.at(row);
        int width = table.width();
        out.writeInt(width);
        for (int i = 0; i < width; i++) {
            out.writeDouble(v[at + i]);
        }
    }

    /** Reads the rest of a compact entry (after its tag) into {@code e}. */
    static void readCompact(DataInput in, CompactEntry e) throws IOException {
        e.start = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > (1 << 24)) {
            throw new IOException("bad key length " + n);
        }
        if (n > e.key.length) {
            e.key = new byte[Math.max(n, e.key.length * 2)];
        }
        in.readFully(e.key, 0, n);
        e.keyLength = n;
        e.revision = in.readInt();
        int width = in.readInt();
        if (width != e.values.length) {
            throw new IOException("accumulator has " + width + " slots, this job's aggregates need " + e.values.length);
        }
        for (int i = 0; i < width; i++) {
            e.values[i] = in.readDouble();
        }
    }
}
