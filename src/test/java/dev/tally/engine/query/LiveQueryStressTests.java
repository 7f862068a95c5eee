package dev.tally.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.window.StateEntries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Live queries from several threads while the engine ingests: every answer is a whole state (each element adds 1
 * to the count and 2 to the sum, so a half-applied element would show sum ≠ 2 × count), values never decrease,
 * and once the input is read they equal what was written. The readers pre-aggregate (the job's windows allow it);
 * the input comes in chunks, each followed by a barrier, which hands the partials over: answers move during the
 * ingestion.
 */
class LiveQueryStressTests {

    private static final int EVENTS = 200_000;
    private static final int KEYS = 4;
    private static final int CHUNK = 5_000;
    /** Some answer was read while the input was half read (so the checks ran during ingestion). */
    private final java.util.concurrent.atomic.AtomicBoolean midway = new java.util.concurrent.atomic.AtomicBoolean();

    @Test
    void answersAreNeverTornNeverDecreaseAndEndAtTheWrittenCounts() throws Exception {
        var threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (Harness h = Harness.of("""
                window: { kind: tumbling, size: 1h }
                aggregates: [ { name: n, kind: count }, { name: v, kind: sum, field: v } ]
                """).parallelism(2)) {
            h.add("k0", 2, 0); // started, with state
            CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> {
                for (int chunk = 0; chunk < EVENTS / CHUNK; chunk++) { // each chunk ends with a barrier
                    h.addMany(CHUNK, i -> "{\"k\":\"k" + (i % KEYS) + "\",\"v\":2,\"t\":" + (i % 1000) + "}");
                }
            }, threads);
            List<CompletableFuture<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                readers.add(CompletableFuture.supplyAsync(() -> read(h, ingest, thread), threads));
            }
            ingest.get(60, TimeUnit.SECONDS);
            int answers = 0;
            for (CompletableFuture<Integer> r : readers) {
                answers += r.get(60, TimeUnit.SECONDS);
            }
            assertThat(answers).isGreaterThan(30);
            assertThat(midway).as("an answer read during ingestion").isTrue();
            StateAnswer last = h.job().query(StateQuery.prefix("k", 0L, 10)).get(10, TimeUnit.SECONDS);
            assertThat(last.entries()).extracting(e -> e.values().longValue(0))
                    .containsExactly(EVENTS / KEYS + 1L, (long) EVENTS / KEYS, (long) EVENTS / KEYS,
                            (long) EVENTS / KEYS);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * A pre-aggregating job with periodic watermarks and no checkpoints: its readers hand partials over every
     * watermark interval, so live counts of a window that stays open grow while the input is read (without that,
     * they would wait for the window to close).
     */
    @Test
    void livePreAggregatedCountsGrowWithinAWatermarkIntervalWithoutCheckpoints() throws Exception {
        String yaml = """
                name: paced
                source: { kind: generator, count: 40000, rate: 20000, partitions: 2, seed: 5, baseTime: 1700000000000, paced: true }
                time: { field: event_time, outOfOrderness: 1s, emission: periodic, interval: 50ms }
                filter: event_type == "view"
                key: lookup("campaigns", ad_id)
                lookups: [ { name: campaigns, file: config/campaigns.csv } ]
                window: { kind: tumbling, size: 1h }
                aggregates: [ { name: views, kind: count } ]
                parallelism: 2
                """;
        var spec = dev.tally.engine.spec.SpecParser.parse(yaml).spec();
        var config = new dev.tally.engine.EngineConfig("unused:9092", java.nio.file.Path.of("").toAbsolutePath(),
                java.time.Clock.systemUTC(), 100, 1 << 20);
        var job = new dev.tally.engine.Engine(config).start("paced-" + System.nanoTime(), spec);
        try {
            List<Long> totals = new ArrayList<>();
            while (job.state() != dev.tally.engine.runtime.JobState.FINISHED && totals.size() < 100_000) {
                StateAnswer a;
                try {
                    a = job.query(StateQuery.top(null, 1000)).get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).hasMessageContaining("not running");
                    break; // the input is read and the subtasks ended
                }
                long total = a.entries().stream().mapToLong(e -> e.values().longValue(0)).sum();
                assertThat(total).isGreaterThanOrEqualTo(totals.isEmpty() ? 0 : totals.get(totals.size() - 1));
                totals.add(total);
                Thread.sleep(20); // pacing the reads, not synchronisation
            }
            assertThat(job.await(java.time.Duration.ofSeconds(30))).isTrue();
            long views = job.results().latest(1).stream().mapToLong(r -> r.values().longValue(0)).sum();
            assertThat(views).isPositive();
            assertThat(totals).as("counts read while the input was read").anyMatch(t -> t > 0 && t < views);
        } finally {
            job.stop(java.time.Duration.ofSeconds(5));
        }
    }

    /** Queries until the ingestion is done, checking every answer; returns how many it checked. */
    private int read(Harness h, CompletableFuture<Void> ingest, int thread) {
        Map<String, Long> seen = new HashMap<>();
        int answers = 0;
        try {
            while (!ingest.isDone()) {
                StateQuery q = thread == 0 ? StateQuery.value("k" + (answers % KEYS), 0)
                        : thread == 1 ? StateQuery.top(0L, KEYS) : StateQuery.prefix("k", null, KEYS);
                for (StateEntries.Entry e : h.job().query(q).get(10, TimeUnit.SECONDS).entries()) {
                    long n = e.values().longValue(0);
                    assertThat(e.values().doubleValue(1)).as("sum of %s", e.key()).isEqualTo(2.0 * n);
                    assertThat(n).as("count of %s", e.key()).isGreaterThanOrEqualTo(seen.getOrDefault(e.key(), 0L));
                    seen.put(e.key(), n);
                    if (n > 1 && n < EVENTS / KEYS) {
                        midway.set(true);
                    }
                }
                answers++;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return answers;
    }
}
