package dev.tally.bench;

import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.io.generator.AdEventGenerator;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Result latency under open-loop load (yahoo-count with 250 ms windows, so that a run has a few hundred firings
 * whose phase against the checkpoints varies; P=2, exactly-once checkpoints every 1 s):
 * events carry the wall clock as event time, so the watermark (1 s out-of-orderness) can pass a window's end at
 * {@code end + 1 s}. For every result, the time from that moment until it is readable in the result table, and
 * until a {@code read_committed} consumer sees it in Kafka; p50/p99/p99.9 per input rate. The producer runs in the
 * same JVM on the same 2 cores, which caps the rates that can be offered. Arguments: {@code [rates...]}.
 */
public final class LatencyBenchmark {

    private static final long OOO = 1000;
    private static final long SECONDS = 40;
    private static final long WINDOW = 250;

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // by default 25, 50 and 75 % of the about 250 k events/s that producer, broker and job sustain together here
        long[] rates = args.length == 0 ? new long[] {62_500, 125_000, 187_500}
                : java.util.Arrays.stream(args).mapToLong(a -> Long.parseLong(a.replace("_", ""))).toArray();
        Path dir = Scratch.dir("tally-latency");
        List<String> rows = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            for (int i = 0; i < rates.length; i++) {
                rows.add(run(broker, dir, rates[i], rates[i] + "-" + i)); // a rate may be given more than once
            }
        }
        System.out.println("\n| offered events/s | results | result table p50 / p99 / p99.9 | Kafka read_committed p50 / p99 / p99.9 |");
        System.out.println("|---:|---:|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(EmbeddedKafkaBroker broker, Path dir, long rate, String name) throws Exception {
        String in = "lat-in-" + name;
        String out = "lat-out-" + name;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(in, 4, (short) 1), new NewTopic(out, 4, (short) 1))).all().get();
        }
        Map<String, Long> table = new ConcurrentHashMap<>();
        Map<String, Long> kafka = new ConcurrentHashMap<>();
        var spec = SpecParser.parse(ThroughputBenchmark.yahoo("{ kind: kafka, topic: " + in + ", startFrom: earliest }")
                .replace("size: 10s", "size: " + WINDOW + "ms").replace("outOfOrderness: 1s", "outOfOrderness: 1s, interval: 10ms")
                + "checkpoints: { interval: 1s }\nsinks: [ { kind: kafka, topic: " + out + " } ]\n").spec();
        EngineConfig config = new EngineConfig(broker.bootstrapServers(), Path.of("").toAbsolutePath(),
                Clock.systemUTC(), 1000, 1 << 20);
        JobOptions options = JobOptions.defaults()
                .withListener(r -> table.putIfAbsent(r.key() + "@" + r.start(), System.currentTimeMillis()))
                .withSnapshots(new FileSnapshotStore(dir.resolve("ck-" + name)), null).withIdentity(0, "lat-" + name);
        RunningJob job = new Engine(config).start("latency-" + rate, spec, options);
        Thread reader = new Thread(() -> readCommitted(broker.bootstrapServers(), out, kafka, SECONDS + 6));
        reader.start();
        produce(broker.bootstrapServers(), in, rate);
        reader.join();
        job.stop(Duration.ofSeconds(10));
        long firstCounted = System.currentTimeMillis() - (SECONDS - 5) * 1000; // the first 5 s warm up
        List<Long> t = latencies(table, firstCounted);
        List<Long> k = latencies(kafka, firstCounted);
        return String.format("| %,d | %,d | %s | %s |", rate, t.size(), percentiles(t), percentiles(k));
    }

    /** Open loop: every millisecond, the events due by then, with the wall clock as event time. */
    private static void produce(String servers, String topic, long rate) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("linger.ms", 1);
        // a load generator needs no idempotence: with it, the in-JVM producer failed from about 190 k events/s with
        // OutOfOrderSequenceException (sequence reset to 0 on a fresh partition), and its events were lost
        p.put("enable.idempotence", false);
        p.put("acks", "1");
        long start = System.currentTimeMillis();
        // event k has event time start + k / rate: the wall clock at which it is due (plus the workload's disorder)
        AdEventGenerator gen = new AdEventGenerator(7, start, rate / 1000.0);
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (System.currentTimeMillis() - start < SECONDS * 1000) {
                long now = System.currentTimeMillis();
                long due = (now - start) * rate / 1000;
                for (; sent < due; sent++) {
                    producer.send(new ProducerRecord<>(topic, (int) (sent % 4), null, gen.event(sent)));
                }
                Thread.sleep(1);
            }
        }
    }

    private static void readCommitted(String servers, String topic, Map<String, Long> seen, long seconds) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("isolation.level", "read_committed");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                parts.add(new TopicPartition(topic, i));
            }
            c.assign(parts);
            long until = System.currentTimeMillis() + seconds * 1000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(5))) {
                    var node = json.readTree(r.value());
                    seen.putIfAbsent(node.get("key").asString() + "@" + node.get("windowStart").asLong(),
                            System.currentTimeMillis());
                }
            }
        }
    }

    /** Latency of each result: visible time − (window end + out-of-orderness). */
    private static List<Long> latencies(Map<String, Long> visible, long firstCounted) {
        List<Long> out = new ArrayList<>();
        visible.forEach((id, at) -> {
            long start = Long.parseLong(id.substring(id.indexOf('@') + 1));
            if (start >= firstCounted) {
                out.add(at - (start + WINDOW + OOO));
            }
        });
        out.sort(null);
        return out;
    }

    private static String percentiles(List<Long> xs) {
        if (xs.isEmpty()) {
            return "–";
        }
        return String.format("%d / %d / %d ms", xs.get(xs.size() / 2), xs.get((int) (xs.size() * 0.99)),
                xs.get(Math.min(xs.size() - 1, (int) (xs.size() * 0.999))));
    }

}
