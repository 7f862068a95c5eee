package dev.tally.engine.io.file;

import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.source.SourceContext;
import dev.tally.engine.io.source.SourceReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file of JSON lines as one bounded partition, read by reader 0 (other readers own nothing). Lines are handed
 * over as bytes, so invalid UTF-8 reaches the decoder; a line longer than {@code maxLineBytes} is cut there (the
 * decoder then rejects it as too large) and the rest of it skipped. Offsets are line numbers from 0.
 */
public final class FileSource implements Source {

    private final Path path;
    private final int maxLineBytes;

    public FileSource(Path path, int maxLineBytes) {
        this.path = path;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public SourceReader reader(int index, int readers) {
        return new Reader(index == 0);
    }

    private final class Reader implements SourceReader {

        private final boolean owner;
        private InputStream in;
        private long line;
        private byte[] buf = new byte[1024];

        Reader(boolean owner) {
            this.owner = owner;
        }

        @Override
        public int open() {
            if (!owner) {
                return 0;
            }
            try {
                in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
            return 1;
        }

        @Override
        public boolean poll(SourceContext context, long timeoutMillis) {
            if (in == null) {
                return false;
            }
            try {
                for (int n = 0; n < 1000; n++) {
                    byte[] record = readLine();
                    if (record == null) {
                        return false;
                    }
                    if (record.length > 0) {
                        context.record(0, record, line);
                    }
                    line++;
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }

        private byte[] readLine() throws IOException {
            int len = 0;
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (len <= maxLineBytes) {
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 1));
                    }
                    buf[len++] = (byte) c;
                }
            }
            if (c == -1 && len == 0) {
                return null;
            }
            if (len > 0 && buf[len - 1] == '\r') {
                len--;
            }
            return Arrays.copyOf(buf, len);
        }

        @Override
        public long position(int local) {
            return line;
        }

        @Override
        public void seek(java.util.Map<Integer, Long> positions) {
            Long target = positions.get(0);
            try {
                while (in != null && target != null && line < target && readLine() != null) {
                    line++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
            try {
                if (in != null) {
                    in.close();
                }
            } catch (IOException e) {
                // nothing to lose on close of a file we only read
            }
        }
    }
}
