package dev.tally.engine.snapshot;

import java.io.DataOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable byte sequence written as a {@link DataOutput} (big-endian), without the per-call locking of
 * {@code DataOutputStream} over {@code ByteArrayOutputStream}: snapshots write millions of small values.
 * The bytes live in chunks that double in size up to {@value #CHUNK} bytes and are never copied while writing,
 * so a large key group makes neither a humongous G1 object nor the copies of a doubling array; they are
 * hashed and written to a file chunk by chunk. The counterpart of {@link BytesInput}. Not thread-safe.
 */
public final class BytesOutput implements DataOutput {

    /** The largest chunk: well under G1's humongous threshold at its smallest region size (1 MiB). */
    static final int CHUNK = 256 * 1024;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Chunks written before {@link #buf}, each filled to {@code fills[i]} bytes. */
    private final List<byte[]> full = new ArrayList<>();
    private int[] fills = new int[4];
    private byte[] buf;
    private int at;
    private long before;

    public BytesOutput(int capacity) {
        buf = new byte[Math.min(Math.max(capacity, 16), CHUNK)];
    }

    private BytesOutput(byte[] bytes) {
        buf = bytes;
        at = bytes.length;
    }

    /** The bytes of {@code b} as an output (not copied: {@code b} must not change afterwards). */
    public static BytesOutput of(byte[] b) {
        return new BytesOutput(b);
    }

    /** Makes room for {@code n ≤ 8} contiguous bytes in the current chunk. */
    private void need(int n) {
        if (at + n > buf.length) {
            next();
        }
    }

    private void next() {
        if (full.size() == fills.length) {
            fills = Arrays.copyOf(fills, fills.length * 2);
        }
        fills[full.size()] = at; // short of the chunk's length when a primitive did not fit
        full.add(buf);
        before += at;
        buf = new byte[Math.min(Math.max(buf.length, 16) * 2, CHUNK)];
        at = 0;
    }

    /** A copy of the bytes written, in one array. */
    public byte[] toByteArray() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than 2 GiB in one array: " + n + " bytes");
        }
        byte[] out = new byte[(int) n];
        int pos = 0;
        for (int i = 0; i < full.size(); i++) {
            System.arraycopy(full.get(i), 0, out, pos, fills[i]);
            pos += fills[i];
        }
        System.arraycopy(buf, 0, out, pos, at);
        return out;
    }

    /** Bytes written so far. */
    public long size() {
        return before + at;
    }

    /** Adds the bytes written to {@code digest}, chunk by chunk. */
    public void update(MessageDigest digest) {
        for (int i = 0; i < full.size(); i++) {
            digest.update(full.get(i), 0, fills[i]);
        }
        digest.update(buf, 0, at);
    }

    /** Writes the bytes written to {@code out}, chunk by chunk. */
    public void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < full.size(); i++) {
            out.write(full.get(i), 0, fills[i]);
        }
        out.write(buf, 0, at);
    }

    @Override
    public void write(int b) {
        need(1);
        buf[at++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (at == buf.length) {
                next();
            }
            int n = Math.min(len, buf.length - at);
            System.arraycopy(b, off, buf, at, n);
            at += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        need(2);
        buf[at++] = (byte) (v >> 8);
        buf[at++] = (byte) v;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        need(4);
        INT.set(buf, at, v);
        at += 4;
    }

    @Override
    public void writeLong(long v) {
        need(8);
        LONG.set(buf, at, v);
        at += 8;
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    @Override
    public void writeUTF(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string too long for writeUTF: " + b.length + " bytes");
        }
        writeShort(b.length);
        write(b);
    }
}
