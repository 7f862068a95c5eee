package dev.tally.control;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Input for the state query tests: a two-partition topic of events {@code {"k": "k<i mod keys>", "t": ...}} whose
 * times all fall inside one 60 s window ({@link #WINDOW}), so it stays open (and queryable) until {@link #close}
 * writes an event far past it on both partitions.
 */
final class StateInput implements AutoCloseable {

    static final long T0 = 1_700_000_000_000L;
    /** Start of the open window, epoch ms. */
    static final long WINDOW = T0 - Math.floorMod(T0, 60_000);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    StateInput(String bootstrap, String topic) throws Exception {
        this.topic = topic;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The job: counts per key in 60 s tumbling windows, checkpoints every 200 ms, parallelism 2. */
    static String spec(String name, String topic) {
        return """
                name: %s
                source: { kind: kafka, topic: %s, startFrom: earliest }
                time: { field: t, outOfOrderness: 1s }
                key: k
                window: { kind: tumbling, size: 60s }
                aggregates: [ { name: n, kind: count } ]
                checkpoints: { interval: 200ms }
                parallelism: 2
                """.formatted(name, topic);
    }

    /** Writes events {@code from .. from + n - 1} (key {@code k<i mod keys>}), alternating partitions; flushes. */
    void send(int from, int n, int keys) {
        for (int i = from; i < from + n; i++) {
            String json = "{\"k\":\"k" + (i % keys) + "\",\"t\":" + (WINDOW + 1_000 + (i % 50_000)) + "}";
            producer.send(new ProducerRecord<>(topic, i % 2, null, json.getBytes(StandardCharsets.UTF_8)));
            if (i % 10_000 == 0) {
                producer.flush();
            }
        }
        producer.flush();
    }

    /** Moves the watermark of both partitions past the window, which fires it. */
    void closeWindow() {
        for (int p = 0; p < 2; p++) {
            producer.send(new ProducerRecord<>(topic, p, null, ("{\"k\":\"closer\",\"t\":" + (WINDOW + 180_000)
                    + "}").getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
