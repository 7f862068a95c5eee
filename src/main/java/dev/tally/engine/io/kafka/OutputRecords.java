package dev.tally.engine.io.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The encoding of Kafka records buffered for an exactly-once commit (a checkpoint's pending output). One record:
 * <pre>
 * byte   1 (no header), 2 (with a {@value TransactionalResults#REASON_HEADER} header), 3 (with it and a
 *        {@value TransactionalResults#DETAIL_HEADER} header) or 4 (a result with a
 *        {@value TransactionalResults#VERSION_HEADER} header)
 * UTF    topic
 * int    key length, -1 for no key; key bytes
 * int    value length, -1 for no value; value bytes
 * UTF    the reason (only with 2 and 3)
 * UTF    the detail, at most 1000 characters (only with 3)
 * int    the job version that produced the result (only with 4)
 * </pre>
 * Snapshots written before late elements and dead letters were buffered hold results in the older layout
 * {@code UTF topic, long timestamp, int key length, key, int value length, value}: a topic's UTF length is below
 * 256, so such a record starts with a 0 byte, and {@link #send} reads both. Not thread-safe.
 */
final class OutputRecords {

    private static final byte PLAIN = 1;
    private static final byte WITH_REASON = 2;
    private static final byte WITH_DETAIL = 3;
    private static final byte WITH_VERSION = 4;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private int records;

    /** Appends one record; {@code key}, {@code value} and {@code reason} may be null. */
    void add(String topic, byte[] key, byte[] value, String reason) {
        add(topic, key, value, reason, null);
    }

    /** Appends one record; {@code detail} (only with a reason) may be null and is cut to 1000 characters. */
    void add(String topic, byte[] key, byte[] value, String reason, String detail) {
        try {
            out.writeByte(reason == null ? PLAIN : detail == null ? WITH_REASON : WITH_DETAIL);
            out.writeUTF(topic);
            writeBytes(key);
            writeBytes(value);
            if (reason != null) {
                out.writeUTF(reason);
            }
            if (reason != null && detail != null) {
                out.writeUTF(detail.length() <= 1000 ? detail : detail.substring(0, 1000));
            }
            records++;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
    }

    /** Appends one result record produced by job version {@code version} (sent with its version header). */
    void addResult(String topic, byte[] key, byte[] value, int version) {
        try {
            out.writeByte(WITH_VERSION);
            out.writeUTF(topic);
            writeBytes(key);
            writeBytes(value);
            out.writeInt(version);
            records++;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
    }

    private void writeBytes(byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** Takes everything appended so far. */
    TransactionalResults.Pending drain() {
        if (records == 0) {
            return TransactionalResults.Pending.NONE;
        }
        TransactionalResults.Pending p = new TransactionalResults.Pending(bytes.toByteArray(), records);
        bytes.reset();
        records = 0;
        return p;
    }

    /**
     * Sends every record of {@code pending} with {@code producer} (inside its open transaction). Records carry
     * the time they are written as their Kafka timestamp: see {@link KafkaSinks} on why.
     *
     * @throws UncheckedIOException when {@code pending} is not in this encoding (a corrupt snapshot fails its
     *                              checksum before it gets here)
     */
    static void send(KafkaProducer<byte[], byte[]> producer, byte[] pending) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(pending))) {
            while (in.available() > 0) {
                in.mark(1);
                byte kind = in.readByte();
                if (kind == 0) { // the older layout: the high byte of the topic's UTF length
                    in.reset();
                    String topic = in.readUTF();
                    in.readLong(); // the result's own timestamp; it is in the JSON
                    producer.send(new ProducerRecord<>(topic, readBytes(in), readBytes(in)));
                    continue;
                }
                if (kind != PLAIN && kind != WITH_REASON && kind != WITH_DETAIL && kind != WITH_VERSION) {
                    throw new IOException("unknown record kind " + kind + " in a pending output");
                }
                String topic = in.readUTF();
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, readBytes(in), readBytes(in));
                if (kind == WITH_REASON || kind == WITH_DETAIL) {
                    r.headers().add(TransactionalResults.REASON_HEADER, in.readUTF().getBytes(StandardCharsets.UTF_8));
                }
                if (kind == WITH_DETAIL) {
                    r.headers().add(TransactionalResults.DETAIL_HEADER, in.readUTF().getBytes(StandardCharsets.UTF_8));
                }
                if (kind == WITH_VERSION) {
                    r.headers().add(TransactionalResults.VERSION_HEADER,
                            Integer.toString(in.readInt()).getBytes(StandardCharsets.UTF_8));
                }
                producer.send(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a pending output: " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
