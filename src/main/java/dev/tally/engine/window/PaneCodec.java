package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes and reads panes and keys in the snapshot format (big-endian, deterministic). Stateless. Time-window
 * state is either {@code 'T'} entries, one whole pane each, or the blocks of {@link CompactCodec}; both
 * time-window operators read both.
 */
final class PaneCodec {

    private PaneCodec() {
    }

    /**
     * Reads the tag of the next snapshot entry: false at the end of the data; an error when the entry belongs
     * to another kind of window than {@code kind} describes.
     */
    static boolean nextEntry(DataInput in, char tag, String kind) throws IOException {
        int t = nextTag(in);
        if (t != END && t != tag) {
            throw wrongKind(kind, t);
        }
        return t != END;
    }

    /** What {@link #nextTag} returns at the end of the data. */
    static final int END = -1;

    /** The tag of the next snapshot entry, or {@link #END}. */
    static int nextTag(DataInput in) throws IOException {
        try {
            return in.readByte();
        } catch (java.io.EOFException e) {
            return END;
        }
    }

    private static IOException wrongKind(String kind, int tag) {
        return new IOException("this job has " + kind + ", the snapshot holds '" + (char) tag + "' state");
    }

    /** What a time-window operator does with the entries of a restored key group. */
    interface TimeWindowState {

        /** A block of compact entries of the window starting at {@code start} begins. */
        void block(long start, int entries);

        /** One compact entry (its buffers are reused for the next one). */
        void compact(CompactCodec.Entry entry) throws IOException;

        /** One whole pane. */
        void pane(long start, boolean firedByClock, String key, Pane pane);
    }

    /** Reads a key group of time-window state, either kind of entry, into {@code to}. */
    static void readTimeWindows(DataInput in, Panes panes, TimeWindowState to) throws IOException {
        CompactCodec.Entry c = new CompactCodec.Entry(panes.aggregates().width());
        for (int tag = nextTag(in); tag != END; tag = nextTag(in)) {
            if (tag == CompactCodec.BLOCK) {
                int n = CompactCodec.readHeader(in, c);
                to.block(c.start, n);
                for (int i = 0; i < n; i++) {
                    CompactCodec.readEntry(in, c);
                    to.compact(c);
                }
            } else if (tag == 'T') {
                long start = in.readLong();
                boolean fired = in.readBoolean();
                String key = readKey(in);
                to.pane(start, fired, key, read(in, panes, panes.aggregates()));
            } else {
                throw wrongKind("time windows", tag);
            }
        }
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
                out.writeLong(b.values()[i]);
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
            if (stride != p.buffer.stride()) {
                throw new IOException("buffered elements have " + stride + " input slots, this job's need "
                        + p.buffer.stride());
            }
            long[] row = new long[Math.max(stride, 1)];
            for (int i = 0; i < size; i++) {
                for (int c = 0; c < stride; c++) {
                    row[c] = in.readLong();
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
}
