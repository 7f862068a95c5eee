package dev.tally.bench;

import dev.tally.cli.BoundedRun;
import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.replay.ReplayRange;
import dev.tally.engine.replay.Replays;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Replay read rate against the bare-consumer rate of benchmark.md, in the same run on the same topic: N
 * {@code yahoo-count} events in a 4-partition topic of an embedded broker; (a) one bare {@code KafkaConsumer}
 * reading every partition and doing nothing but count records; (b) bare consumers on 1 and 2 threads that also
 * decode the 3 fields and count in a map ({@link BareConsumers}); a deterministic replay of the yahoo-count job
 * over the whole topic ({@link Replays}: one merging reader, per-record watermarks, P=2); and, for reference,
 * the same job's ordinary bounded run (2 readers, {@code --until-end}). Each runs {@code runs} times, alternating;
 * the table shows median and range and the replay's ratio to (a) and (b) x1. Arguments:
 * {@code [events=2000000] [runs=3]}. Not a test: speed is never asserted.
 */
public final class ReplayBenchmark {

    private static final String TOPIC = "yahoo-replay";
    private static final String BARE_COUNT = "(a) bare KafkaConsumer x1, count records only";
    private static final String BARE_DECODE_1 = "(b) bare KafkaConsumer x1, decode 3 fields + count";
    private static final String BARE_DECODE_2 = "(b) bare KafkaConsumer x2, decode 3 fields + count";
    private static final String REPLAY = "Tally replay (1 merging reader, per-record watermarks), P=2";
    private static final String RUN = "Tally bounded run (2 readers, not repeatable), P=2";

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 2_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Scratch.dir("tally-replay-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            String servers = broker.bootstrapServers();
            long produced = ThroughputBenchmark.produce(servers, TOPIC, n);
            System.out.printf("produced %,d events in %,d ms%n", n, produced);
            EngineConfig config = new EngineConfig(servers, Path.of("").toAbsolutePath(), Clock.systemUTC(), 100,
                    1 << 20);
            JobSpec spec = SpecParser.parse(ThroughputBenchmark.yahoo("{ kind: kafka, topic: " + TOPIC + " }")).spec();
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            replay(config, spec, n); // warm-up
            for (int r = 0; r < runs; r++) {
                add(rates, BARE_COUNT, n / countOnly(servers, n));
                add(rates, BARE_DECODE_1, n / BareConsumers.seconds(servers, TOPIC, 1, n));
                add(rates, BARE_DECODE_2, n / BareConsumers.seconds(servers, TOPIC, 2, n));
                add(rates, REPLAY, n / replay(config, spec, n));
                add(rates, RUN, n / run(config, spec, n));
            }
            double a = median(rates.get(BARE_COUNT));
            double b = median(rates.get(BARE_DECODE_1));
            System.out.printf("%n| reader | events/s, median [range] of %d runs | vs (a) | vs (b) x1 |%n"
                    + "|---|---|---:|---:|%n", runs);
            rates.forEach((name, list) -> System.out.printf("| %s | %.2f M [%.2f–%.2f M] | %.0f %% | %.0f %% |%n",
                    name, median(list) / 1e6, list.stream().mapToDouble(x -> x).min().orElse(0) / 1e6,
                    list.stream().mapToDouble(x -> x).max().orElse(0) / 1e6, 100 * median(list) / a,
                    100 * median(list) / b));
            System.out.printf("%n%,d events, 4 partitions, embedded broker in the same JVM; %d cores, %s %s%n", n,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
        }
    }

    /** Seconds for one consumer to read every record of the topic, counting them and nothing else. */
    static double countOnly(String servers, long n) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", false);
        p.put("max.poll.records", 4000);
        long t0 = System.nanoTime();
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo i : c.partitionsFor(TOPIC)) {
                tps.add(new TopicPartition(TOPIC, i.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            while (count < n) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
                count += records.count();
            }
            c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double replay(EngineConfig config, JobSpec spec, long n) throws Exception {
        Replays.Prepared p = Replays.prepare(spec, ReplayRange.offsets(Map.of(), Map.of()), 2, config, "bench-replay");
        BoundedRun.Outcome o = BoundedRun.run(p.spec(), config, p.options());
        return check(o, n);
    }

    private static double run(EngineConfig config, JobSpec spec, long n) throws Exception {
        return check(BoundedRun.run(spec, config, JobOptions.defaults().withUntilEnd()), n);
    }

    private static double check(BoundedRun.Outcome o, long n) {
        long views = o.results().stream().mapToLong(r -> r.values().longValue(0)).sum();
        if (o.metrics().recordsIn() != n || views != n - o.metrics().recordsFiltered()) {
            throw new IllegalStateException("wrong counts: read " + o.metrics().recordsIn() + ", views " + views);
        }
        return o.elapsed().toNanos() / 1e9;
    }

    private static void add(Map<String, List<Double>> rates, String name, double rate) {
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
