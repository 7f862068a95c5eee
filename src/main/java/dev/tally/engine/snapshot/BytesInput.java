package dev.tally.engine.snapshot;

import java.io.DataInput;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link DataInput} over a byte array without the per-call locking of {@code DataInputStream} over
 * {@code ByteArrayInputStream} (restores read millions of small values). Big-endian, like DataOutput.
 * Not thread-safe.
 */
public final class BytesInput implements DataInput {

    private final ByteBuffer buf;

    public BytesInput(byte[] bytes) {
        this.buf = ByteBuffer.wrap(bytes);
    }

    private void need(int n) throws EOFException {
        if (buf.remaining() < n) {
            throw new EOFException();
        }
    }

    @Override
    public void readFully(byte[] b) throws EOFException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws EOFException {
        need(len);
        buf.get(b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int k = Math.min(n, buf.remaining());
        buf.position(buf.position() + k);
        return k;
    }

    @Override
    public boolean readBoolean() throws EOFException {
        need(1);
        return buf.get() != 0;
    }

    @Override
    public byte readByte() throws EOFException {
        need(1);
        return buf.get();
    }

    @Override
    public int readUnsignedByte() throws EOFException {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws EOFException {
        need(2);
        return buf.getShort();
    }

    @Override
    public int readUnsignedShort() throws EOFException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws EOFException {
        need(2);
        return buf.getChar();
    }

    @Override
    public int readInt() throws EOFException {
        need(4);
        return buf.getInt();
    }

    @Override
    public long readLong() throws EOFException {
        need(8);
        return buf.getLong();
    }

    @Override
    public float readFloat() throws EOFException {
        need(4);
        return buf.getFloat();
    }

    @Override
    public double readDouble() throws EOFException {
        need(8);
        return buf.getDouble();
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("not a text format");
    }

    @Override
    public String readUTF() throws EOFException {
        int n = readUnsignedShort();
        byte[] b = new byte[n];
        readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
