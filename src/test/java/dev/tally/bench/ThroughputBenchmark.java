package dev.tally.bench;

import dev.tally.cli.BoundedRun;
import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.io.generator.AdEventGenerator;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code yahoo-count} throughput benchmark of benchmark.md, with its baselines in the same run on the same
 * topic: N events in a 4-partition topic of a local (embedded) broker; a bare KafkaConsumer on 1 and 2 threads
 * that decodes the 3 fields the job uses and counts views per campaign and window in a map; Tally catching up
 * with parallelism 2 and exactly-once checkpoints every 5 s, 10 s and 1 s (results to Kafka), and without
 * checkpoints: the same job with results to Kafka at once (against which checkpoints cost what they cost), and
 * with no Kafka sink; and Tally on the in-memory generator (no Kafka), also without pre-aggregation in the
 * readers. Each measurement runs {@code runs} times; the table shows the median and range. Arguments:
 * {@code [events=5000000] [runs=3]}.
 */
public final class ThroughputBenchmark {

    private static final String TOPIC = "yahoo-events";

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 5_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Scratch.dir("tally-bench");
        if (args.length > 2 && args[2].equals("generator")) { // only the in-memory path, to iterate on it quickly
            for (int r = 0; r < runs; r++) {
                System.out.printf("Tally, in-memory generator, P=2: %.2f M events/s; without pre-aggregation: %.2f%n",
                        n / generator(dir, n, true) / 1e6, n / generator(dir, n, false) / 1e6);
            }
            return;
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            long produced = produce(broker.bootstrapServers(), TOPIC, n);
            System.out.printf("produced %,d events in %,d ms%n", n, produced);
            Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
            boolean all = args.length <= 2 || !args[2].equals("checkpoints"); // or only the checkpoint-cost rows
            for (int r = 0; r < runs; r++) {
                if (all) {
                    add(rates, "bare KafkaConsumer x1 (decode 3 fields + count)", n / bare(broker.bootstrapServers(), 1, n));
                }
                add(rates, "bare KafkaConsumer x2 (decode 3 fields + count)", n / bare(broker.bootstrapServers(), 2, n));
                if (all) {
                    add(rates, "Tally, Kafka, P=2, exactly-once checkpoints 5 s", n / tally(broker, dir, n, "5s", r));
                    add(rates, "Tally, Kafka, P=2, exactly-once checkpoints 10 s", n / tally(broker, dir, n, "10s", r));
                }
                add(rates, "Tally, Kafka, P=2, exactly-once checkpoints 1 s", n / tally(broker, dir, n, "1s", r));
                add(rates, "Tally, Kafka, P=2, no checkpoints, results to Kafka at once",
                        n / tally(broker, dir, n, "none", r));
                add(rates, "Tally, Kafka, P=2, no checkpoints, no Kafka sink", n / tally(broker, dir, n, null, r));
                if (all) {
                    add(rates, "Tally, in-memory generator, P=2", n / generator(dir, n, true));
                    add(rates, "Tally, in-memory generator, P=2, no pre-aggregation", n / generator(dir, n, false));
                }
            }
            double base2 = median(rates.get("bare KafkaConsumer x2 (decode 3 fields + count)"));
            System.out.printf("%n| system | events/s, median [range] of %d runs | vs bare x2 |%n|---|---|---:|%n", runs);
            rates.forEach((name, list) -> System.out.printf("| %s | %.2f M [%.2f–%.2f M] | %.0f %% |%n", name,
                    median(list) / 1e6, list.stream().mapToDouble(x -> x).min().orElse(0) / 1e6,
                    list.stream().mapToDouble(x -> x).max().orElse(0) / 1e6, 100 * median(list) / base2));
            System.out.printf("%n%,d events, 4 partitions, embedded broker in the same JVM; %d cores, %s %s%n", n,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
        }
    }

    private static void add(Map<String, List<Double>> rates, String name, double seconds) {
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(seconds);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** Writes {@code n} yahoo-count events (seed 42) into a new 4-partition topic; returns the milliseconds taken. */
    static long produce(String servers, String topic, long n) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("linger.ms", 20);
        p.put("batch.size", 1 << 20);
        p.put("acks", "1");
        long t0 = System.nanoTime();
        AdEventGenerator gen = new AdEventGenerator(42, 1_700_000_000_000L, 1000.0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long k = 0; k < n; k++) {
                producer.send(new ProducerRecord<>(topic, (int) (k % 4), null, gen.event(k)));
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Seconds for {@code threads} bare consumers to read, decode and count every event. */
    private static double bare(String servers, int threads, long n) throws Exception {
        return BareConsumers.seconds(servers, TOPIC, threads, n);
    }

    /**
     * Seconds for Tally to catch up. {@code interval}: checkpoints every that long, with exactly-once results to
     * Kafka; {@code "none"}: no checkpoints, results to Kafka at once; null: no checkpoints and no Kafka sink.
     */
    static double tally(EmbeddedKafkaBroker broker, Path dir, long n, String interval, int run)
            throws Exception {
        boolean checkpoints = interval != null && !interval.equals("none");
        String sink = interval == null ? "" : "sinks: [ { kind: kafka, topic: bench-out-" + run + "-" + interval
                + " } ]\n";
        String spec = yahoo("{ kind: kafka, topic: " + TOPIC + " }")
                + (checkpoints ? "checkpoints: { interval: " + interval + " }\n" : "") + sink;
        JobSpec s = SpecParser.parse(spec).spec();
        EngineConfig config = new EngineConfig(broker.bootstrapServers(), Path.of("").toAbsolutePath(),
                Clock.systemUTC(), 100, 1 << 20);
        JobOptions options = JobOptions.defaults().withUntilEnd();
        if (checkpoints) {
            options = options.withSnapshots(new FileSnapshotStore(dir.resolve("ck-" + run + "-" + System.nanoTime())),
                    null).withIdentity(0, "bench-" + run + "-" + System.nanoTime());
        }
        BoundedRun.Outcome o = BoundedRun.run(s, config, options);
        check(o, n);
        return o.elapsed().toNanos() / 1e9;
    }

    private static double generator(Path dir, long n, boolean combine) throws Exception {
        JobSpec s = SpecParser.parse(yahoo("{ kind: generator, count: " + n + ", rate: 1000000, partitions: 4,"
                + " seed: 42, baseTime: 1700000000000 }")).spec();
        EngineConfig config = new EngineConfig("unused:9092", Path.of("").toAbsolutePath(), Clock.systemUTC(), 100,
                1 << 20);
        BoundedRun.Outcome o = BoundedRun.run(s, config,
                combine ? JobOptions.defaults() : JobOptions.defaults().withoutCombining());
        check(o, n);
        return o.elapsed().toNanos() / 1e9;
    }

    private static void check(BoundedRun.Outcome o, long n) {
        long views = o.results().stream().mapToLong(r -> r.values().longValue(0)).sum();
        if (o.metrics().recordsIn() != n || views != n - o.metrics().recordsFiltered()) {
            throw new IllegalStateException("wrong counts: read " + o.metrics().recordsIn() + ", views " + views);
        }
    }

    static String yahoo(String source) {
        return """
                name: yahoo-count
                source: %s
                time: { field: event_time, outOfOrderness: 1s }
                filter: event_type == "view"
                key: lookup("campaigns", ad_id)
                lookups: [ { name: campaigns, file: config/campaigns.csv } ]
                window: { kind: tumbling, size: 10s }
                aggregates: [ { name: views, kind: count } ]
                parallelism: 2
                """.formatted(source);
    }
}
