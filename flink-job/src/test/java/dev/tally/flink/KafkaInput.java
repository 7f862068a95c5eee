package dev.tally.flink;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka side of the tests' input: the events topic and a spec counting it. */
final class KafkaInput {

    private KafkaInput() {
    }

    /**
     * A spec over topic {@code events} (two partitions) with an out-of-orderness above the input's disorder, so no
     * element is late whatever order the partitions are read in: tumbling 2 s windows of count, sum and distinct.
     *
     * @param extra more spec lines (parallelism, sinks, checkpoints)
     */
    static String spec(String name, String servers, String extra) {
        return """
                name: %s
                source: { kind: kafka, topic: events, bootstrapServers: %s }
                time: { field: ts, format: epoch-millis, outOfOrderness: 5s, emission: per-record }
                filter: kind == "view"
                key: k
                window: { kind: tumbling, size: 2s }
                aggregates:
                  - { name: n, kind: count }
                  - { name: total, kind: sum, field: v }
                  - { name: users, kind: distinct, field: user }
                """.formatted(name, servers) + extra;
    }

    /** Writes the events into topic {@code events}, each to the partition its text's hash picks. */
    static void produce(String servers, List<String> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String e : events) {
                producer.send(new ProducerRecord<>("events", Math.floorMod(e.hashCode(), 2), null,
                        e.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
