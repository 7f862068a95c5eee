package dev.tally.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The control-plane benchmark's input, in a topic of 4 partitions. Partitions 2 and 3 hold the <em>state</em>:
 * {@code n} records {@code {"k":"key-<i>","t":<far future>}}, one per distinct key, whose window (a day ahead of
 * the wall clock) never fires during the benchmark, so the job holds {@code n} counters the whole time.
 * Partitions 0 and 1 carry the <em>pulse</em>: every {@link #PULSE_MS} ms one record for each of
 * {@link #PULSE_KEYS} keys with the wall-clock time as event time, so the watermark (the least over the
 * partitions) follows the wall clock and a window of the pulse keys fires as soon as it ends. Not thread-safe,
 * except {@link #startPulse()}/{@link #close()} from the thread that made it.
 */
final class BenchInput implements AutoCloseable {

    /** Pause between two rounds of pulse records, ms. */
    static final int PULSE_MS = 5;
    /** Keys of the pulse (each round writes one record per key, alternating between partitions 0 and 1). */
    static final int PULSE_KEYS = 4;
    /** Event time of the state records: a day ahead, so their window stays open. */
    static final long FUTURE = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicBoolean pulsing = new AtomicBoolean();
    private Thread pulse;
    private volatile RuntimeException pulseError;

    /** Creates the topic (4 partitions). */
    BenchInput(String bootstrap, String topic) throws Exception {
        this.topic = topic;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        this.producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "1"), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Writes the {@code n} state records (large batches, LZ4) and waits until Kafka has them all. */
    static void writeState(String bootstrap, String topic, long n) {
        try (KafkaProducer<byte[], byte[]> bulk = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < n; i++) {
                byte[] v = ("{\"k\":\"key-" + i + "\",\"t\":" + FUTURE + "}").getBytes(StandardCharsets.UTF_8);
                bulk.send(new ProducerRecord<>(topic, 2 + (int) (i & 1), null, v));
            }
            bulk.flush();
        }
    }

    /** Starts the pulse on a thread of its own, until {@link #close()}. */
    void startPulse() {
        pulsing.set(true);
        pulse = new Thread(() -> {
            try {
                while (pulsing.get()) {
                    long now = System.currentTimeMillis();
                    for (int k = 0; k < PULSE_KEYS; k++) {
                        byte[] v = ("{\"k\":\"pulse-" + k + "\",\"t\":" + now + "}").getBytes(StandardCharsets.UTF_8);
                        producer.send(new ProducerRecord<>(topic, k & 1, null, v));
                    }
                    TimeUnit.MILLISECONDS.sleep(PULSE_MS); // pacing the producer, not synchronisation
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                pulseError = e;
            }
        }, "bench-pulse");
        pulse.setDaemon(true);
        pulse.start();
    }

    /** Throws what stopped the pulse, if it stopped by an error. */
    void check() {
        if (pulseError != null) {
            throw new IllegalStateException("the pulse producer failed", pulseError);
        }
    }

    @Override
    public void close() throws InterruptedException {
        pulsing.set(false);
        if (pulse != null) {
            pulse.join();
        }
        producer.close();
        check();
    }
}
