package dev.tally.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a file of JSON lines as the embedded engine's file source does (lines as bytes, a trailing {@code \r}
 * removed, empty lines skipped) and decodes each into a {@link TallyElement}. One split per file.
 */
final class JsonLinesFormat extends SimpleStreamFormat<TallyElement> {

    private static final long serialVersionUID = 1L;

    private final ElementDecoding decoding;

    JsonLinesFormat(ElementDecoding decoding) {
        this.decoding = decoding;
    }

    @Override
    public StreamFormat.Reader<TallyElement> createReader(Configuration config, FSDataInputStream stream) {
        ElementDecoding local = decoding;
        InputStream in = new java.io.BufferedInputStream(stream, 1 << 16);
        return new StreamFormat.Reader<>() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

            @Override
            public TallyElement read() throws IOException {
                while (true) {
                    line.reset();
                    int c;
                    while ((c = in.read()) != -1 && c != '\n') {
                        line.write(c);
                    }
                    if (c == -1 && line.size() == 0) {
                        return null;
                    }
                    byte[] bytes = line.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    if (len > 0) {
                        return local.decode(len == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, len));
                    }
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public TypeInformation<TallyElement> getProducedType() {
        return TypeInformation.of(TallyElement.class);
    }
}
