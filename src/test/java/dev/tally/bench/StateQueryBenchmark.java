package dev.tally.bench;

import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.io.generator.AdEventGenerator;
import dev.tally.engine.query.StateAnswer;
import dev.tally.engine.query.StateQuery;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Live state queries while a job ingests at full speed: yahoo-count (benchmark.md) catching up on N pre-loaded
 * events in a 4-partition topic of an embedded broker, P=2, checkpoints every 1 s. Each run reads the topic twice,
 * in alternating order: once without queries, once while one thread asks point queries
 * ({@code RunningJob.query(StateQuery.value(campaign, window))}, a random campaign of 100, the window holding the
 * last answer's watermark) at a fixed rate, waiting for each answer. Reports per run the ingestion rate of both
 * reads and the share lost, the queries' p50/p99/p99.9/max latency (from the call to the answer, in the same
 * JVM: the engine's read path, without HTTP) and the query rate achieved. A warm-up read with queries runs first
 * and is not reported. Arguments:
 * {@code [events=10000000] [queries/s=1000] [runs=3]}.
 */
public final class StateQueryBenchmark {

    private static final String TOPIC = "state-query-events";

    private StateQueryBenchmark() {
    }

    /** One read of the topic: its ingestion rate and, with queries, their latencies. */
    private record Run(double eventsPerSecond, long[] latenciesNs, long hits, double queriesPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000;
        int qps = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Scratch.dir("tally-state-query");
        List<String> rows = new ArrayList<>();
        List<Double> lost = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            long produced = ThroughputBenchmark.produce(broker.bootstrapServers(), TOPIC, n);
            System.out.printf("produced %,d events in %,d ms%n", n, produced);
            run(broker, dir, n, qps, -1); // warm-up (JIT, page cache), not reported
            for (int r = 0; r < runs; r++) {
                Run without;
                Run with;
                if (r % 2 == 0) {
                    without = run(broker, dir, n, 0, r);
                    with = run(broker, dir, n, qps, r);
                } else {
                    with = run(broker, dir, n, qps, r);
                    without = run(broker, dir, n, 0, r);
                }
                double share = 100 * (1 - with.eventsPerSecond() / without.eventsPerSecond());
                lost.add(share);
                long[] l = with.latenciesNs();
                rows.add(String.format("| %d | %.2f M | %.2f M | %.1f %% | %,d | %.0f | %s / %s / %s / %s | %d %% |", r + 1,
                        without.eventsPerSecond() / 1e6, with.eventsPerSecond() / 1e6, share, l.length,
                        with.queriesPerSecond(), us(l, 0.50), us(l, 0.99), us(l, 0.999), us(l, 1.0),
                        l.length == 0 ? 0 : 100 * with.hits() / l.length));
            }
        }
        System.out.printf("%n| run | ingestion without queries | with %,d queries/s | ingestion lost | queries answered"
                + " | queries/s achieved | latency p50 / p99 / p99.9 / max (µs) | answers holding the key |%n", qps);
        System.out.println("|---:|---:|---:|---:|---:|---:|---|---:|");
        rows.forEach(System.out::println);
        lost.sort(null);
        System.out.printf("%nmedian ingestion lost: %.1f %%; %,d events, 4 partitions, P=2, checkpoints 1 s, embedded"
                + " broker in the same JVM; %d cores, %s %s%n", lost.get(lost.size() / 2), n,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }

    private static String us(long[] sorted, double q) {
        if (sorted.length == 0) {
            return "—";
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return String.format("%.0f", sorted[Math.max(0, i)] / 1e3);
    }

    private static Run run(EmbeddedKafkaBroker broker, Path dir, long n, int qps, int run) throws Exception {
        JobSpec spec = SpecParser.parse(ThroughputBenchmark.yahoo("{ kind: kafka, topic: " + TOPIC + " }")
                + "checkpoints: { interval: 1s }\n").spec();
        EngineConfig config = new EngineConfig(broker.bootstrapServers(), Path.of("").toAbsolutePath(),
                Clock.systemUTC(), 100, 1 << 20);
        AtomicLong views = new AtomicLong();
        JobOptions options = JobOptions.defaults().withUntilEnd()
                .withListener(r -> views.addAndGet(r.values().longValue(0)))
                .withSnapshots(new FileSnapshotStore(dir.resolve("ck-" + run + "-" + qps + "-" + System.nanoTime())),
                        null);
        long t0 = System.nanoTime();
        RunningJob job = new Engine(config).start("state-query-" + run + "-" + qps, spec, options);
        Run queried = qps > 0 ? query(job, qps) : null;
        if (!job.await(Duration.ofMinutes(30)) || job.state() != JobState.FINISHED) {
            throw new IllegalStateException("job " + job.state() + ": " + job.error());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (job.metrics().recordsIn() != n || views.get() != n - job.metrics().recordsFiltered()) {
            throw new IllegalStateException("wrong counts: read " + job.metrics().recordsIn() + ", views " + views);
        }
        double rate = n / seconds;
        return queried == null ? new Run(rate, new long[0], 0, 0)
                : new Run(rate, queried.latenciesNs(), queried.hits(), queried.queriesPerSecond());
    }

    /** Asks point queries at {@code qps} until the job has read everything; latencies sorted. */
    private static Run query(RunningJob job, int qps) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        long period = TimeUnit.SECONDS.toNanos(1) / qps;
        long[] latencies = new long[1 << 16];
        int count = 0;
        long hits = 0;
        long window = 1_700_000_000_000L;
        long start = System.nanoTime();
        long next = start;
        while (job.state() == JobState.RUNNING || job.state() == JobState.STARTING) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += period;
            String campaign = AdEventGenerator.campaignOf(random.nextInt(AdEventGenerator.CAMPAIGNS)
                    * AdEventGenerator.ADS_PER_CAMPAIGN);
            long asked = System.nanoTime();
            StateAnswer a;
            try {
                a = job.query(StateQuery.value(campaign, window)).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IllegalStateException) {
                    break; // the input is read: the subtasks are ending (the job is about to be FINISHED)
                }
                throw e;
            }
            long took = System.nanoTime() - asked;
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = took;
            hits += a.entries().isEmpty() ? 0 : 1;
            if (a.watermark() != Long.MIN_VALUE && a.watermark() != Long.MAX_VALUE) {
                window = a.watermark() - Math.floorMod(a.watermark(), 10_000L); // the window open at the watermark
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new Run(0, sorted, hits, count / seconds);
    }
}
