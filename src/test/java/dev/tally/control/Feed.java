package dev.tally.control;

import dev.tally.engine.Engine;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Input for lifecycle tests: events {@code {"k":"k<i mod keys>","t":<T0 + 10 ms * i>}} written to both partitions
 * of a topic in turn, so that event time rises in every partition (no element is ever late, whatever the
 * interleaving); a trickle in the background while an operation's health gate needs records flowing; the
 * expected counts from a bounded run of the engine over the whole topic; results read with read_committed.
 */
final class Feed implements AutoCloseable {

    static final long T0 = 1_700_000_000_000L;
    private static final int PARTITIONS = 2;

    private final String bootstrap;
    private final String topic;
    private final int keys;
    private final KafkaProducer<byte[], byte[]> producer;
    private long next;
    private Thread trickle;
    private final AtomicBoolean trickling = new AtomicBoolean();

    Feed(String bootstrap, String topic, int keys) throws Exception {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.keys = keys;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Writes the next {@code n} events and waits until Kafka has them. */
    synchronized void send(int n) throws Exception {
        for (int i = 0; i < n; i++, next++) {
            String json = "{\"k\":\"k" + (next % keys) + "\",\"t\":" + (T0 + 10 * next) + "}";
            producer.send(new ProducerRecord<>(topic, (int) (next % PARTITIONS), null,
                    json.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** The exact counts of everything written: {@code key@windowStart} → events, for 1 s tumbling windows. */
    synchronized Map<String, Long> expected() {
        Map<String, Long> out = new HashMap<>();
        for (long i = 0; i < next; i++) {
            long t = T0 + 10 * i;
            out.merge("k" + (i % keys) + "@" + Math.floorDiv(t, 1000) * 1000, 1L, Long::sum);
        }
        return out;
    }

    /** Event time of the last event written. */
    synchronized long lastTime() {
        return T0 + 10 * (next - 1);
    }

    /** Starts writing 10 events every 50 ms (200/s, 2 s of event time per s) until {@link #stopTrickle}. */
    void startTrickle() {
        trickling.set(true);
        trickle = new Thread(() -> {
            while (trickling.get()) {
                try {
                    send(10);
                    TimeUnit.MILLISECONDS.sleep(50); // pacing the producer, not synchronisation
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "feed-trickle");
        trickle.start();
    }

    void stopTrickle() throws InterruptedException {
        trickling.set(false);
        trickle.join();
    }

    /**
     * Counts per {@code key@windowStart} of a bounded run of {@code specYaml} (sinks and checkpoints left out)
     * over everything in the topic: the expected result of a deployment that read the same input and fired
     * every window.
     */
    static Map<String, Long> boundedRun(Engine engine, String specYaml) throws Exception {
        JobSpec spec = SpecParser.parse(specYaml, true).spec().withCheckpoints(null);
        spec = new JobSpec(spec.name() + "-bounded", spec.description(), spec.source(), spec.time(), spec.filter(),
                spec.key(), spec.lookups(), spec.window(), spec.trigger(), spec.evictor(), spec.allowedLateness(),
                spec.aggregates(), List.of(), spec.parallelism(), spec.maxParallelism(), null);
        Map<String, Long> out = new ConcurrentHashMap<>();
        RunningJob run = engine.start(spec.name() + "-" + System.nanoTime(), spec,
                JobOptions.defaults().withUntilEnd().withListener(r -> out.put(r.key() + "@" + r.start(),
                        r.values().longValue(0))));
        if (!run.await(Duration.ofSeconds(60))) {
            throw new IllegalStateException("bounded run did not finish: " + run.state() + " " + run.error());
        }
        return new HashMap<>(out);
    }

    /** Every committed result of a topic: {@code key@windowStart} → the values' field {@code n}, in order. */
    static List<String[]> readCommitted(String bootstrap, String topic) {
        List<String[]> out = new ArrayList<>();
        var json = JsonMapper.builder().build();
        for (ConsumerRecord<byte[], byte[]> r : dev.tally.testing.CommittedRecords.read(bootstrap, topic)) {
            JsonNode n = json.readTree(r.value());
            out.add(new String[] {n.get("key").asString() + "@" + n.get("windowStart").asLong(),
                    String.valueOf(n.get("values").get("n").asLong())});
        }
        return out;
    }

    String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() throws InterruptedException {
        if (trickle != null && trickle.isAlive()) {
            stopTrickle();
        }
        producer.close();
    }
}
