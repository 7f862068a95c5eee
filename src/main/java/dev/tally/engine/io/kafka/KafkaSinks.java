package dev.tally.engine.io.kafka;

import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.window.WindowResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka outputs of a job (results as JSON whose {@code timestamp} field is {@code end - 1}; late elements and
 * dead letters as the original record with a {@code tally.reason} header), through one shared idempotent producer
 * that writes at once: at least once. Used by jobs without exactly-once checkpoints; those write every Kafka output
 * through {@link TransactionalResults} instead. Records carry the time they are written as their Kafka timestamp, not the event time: results of old
 * data (a replay) would otherwise fall under the topic's time-based retention and be deleted at once.
 * Thread-safe.
 */
public final class KafkaSinks implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<String> results = new ArrayList<>();
    private final List<String> late = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final ResultJson json;
    private final int version;

    public KafkaSinks(String bootstrapServers, String clientId, List<SinkSpec> sinks, ResultJson json) {
        this(bootstrapServers, clientId, sinks, json, 0);
    }

    /**
     * @param version the job version whose results these are, sent as header
     *                {@value TransactionalResults#VERSION_HEADER} on each result; 0 (outside the control plane) for
     *                none
     */
    public KafkaSinks(String bootstrapServers, String clientId, List<SinkSpec> sinks, ResultJson json, int version) {
        this.version = version;
        for (SinkSpec s : sinks) {
            if (s.kind() == SinkSpec.Kind.KAFKA) {
                (s.output() == SinkSpec.Output.RESULTS ? results : s.output() == SinkSpec.Output.LATE ? late
                        : deadLetters).add(s.topic());
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-sink");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.json = json;
    }

    /** Whether any sink is a Kafka topic. */
    public static boolean any(List<SinkSpec> sinks) {
        return sinks.stream().anyMatch(s -> s.kind() == SinkSpec.Kind.KAFKA);
    }

    public void result(WindowResult r) {
        if (results.isEmpty()) {
            return;
        }
        byte[] value = json.encode(r).getBytes(StandardCharsets.UTF_8);
        byte[] key = r.key().getBytes(StandardCharsets.UTF_8);
        for (String topic : results) {
            ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(topic, key, value);
            if (version > 0) {
                rec.headers().add(TransactionalResults.VERSION_HEADER,
                        Integer.toString(version).getBytes(StandardCharsets.UTF_8));
            }
            producer.send(rec);
        }
    }

    public void late(String key, long ts, byte[] raw) {
        for (String topic : late) {
            ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), raw);
            rec.headers().add(TransactionalResults.REASON_HEADER, "LATE".getBytes(StandardCharsets.UTF_8));
            producer.send(rec);
        }
    }

    public void deadLetter(String reason, byte[] raw) {
        deadLetter(reason, null, raw);
    }

    /**
     * A dead letter: the original record with header {@code tally.reason} (the reason's name) and, when
     * {@code detail} is not null, {@code tally.detail} (what went wrong in words, UTF-8).
     */
    public void deadLetter(String reason, String detail, byte[] raw) {
        for (String topic : deadLetters) {
            ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(topic, null, raw);
            rec.headers().add(TransactionalResults.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
            if (detail != null) {
                rec.headers().add(TransactionalResults.DETAIL_HEADER, detail.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(rec);
        }
    }

    /** Waits until everything sent so far is acknowledged. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
