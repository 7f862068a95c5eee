package dev.tally.bench;

import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checkpoint, savepoint and restore figures for large state: loads N distinct keys (one counter each, in one
 * open window) into a job at parallelism 2, then measures heap per counter, a checkpoint (duration, size), a
 * savepoint, a restore at the same parallelism, a rescale 2 → 1 → 2 (stop with savepoint + restore), an upgrade
 * into a state-compatible next version (stop with savepoint + restore into it, at P=2), and
 * prints a table. Run with the command in the README ("State benchmark").
 */
public final class StateBenchmark {

    private StateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1000000"} : args) {
            sizes.add(Long.parseLong(a.replace("_", "")));
        }
        List<String> rows = new ArrayList<>();
        for (long n : sizes) {
            rows.add(run(n));
        }
        System.out.println();
        System.out.println("| keys | heap/counter | load | checkpoint | checkpoint size | savepoint | restore (P=2)"
                + " | rescale 2→1 | rescale 1→2 | upgrade v1→v2 (P=2) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf("%nmachine: %d cores, max heap %d MiB, %s %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }

    private static String run(long n) throws Exception {
        Path dir = Scratch.dir("tally-state-bench");
        FileSnapshotStore checkpoints = new FileSnapshotStore(dir.resolve("checkpoints"));
        FileSnapshotStore savepoints = new FileSnapshotStore(dir.resolve("savepoints"));
        EngineConfig config = new EngineConfig("unused:9092", dir, Clock.systemUTC(), 10, 1 << 20);
        Engine engine = new Engine(config);
        long before = usedHeap();
        long t0 = System.nanoTime();
        RunningJob job = start(engine, 2, n, checkpoints, savepoints, null);
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> job.metrics().recordsIn() >= n);
        job.sync().get(10, TimeUnit.MINUTES);
        long load = millis(t0);
        long heap = (usedHeap() - before) / n;
        t0 = System.nanoTime();
        String checkpoint = job.checkpoint().get(10, TimeUnit.MINUTES);
        long checkpointMs = millis(t0);
        Manifest m = checkpoints.open(checkpoint).manifest();
        t0 = System.nanoTime();
        String savepoint = job.savepoint(false, true).get(10, TimeUnit.MINUTES);
        long savepointMs = millis(t0);
        job.await(Duration.ofMinutes(1));
        long[] restore = restoreAndStop(engine, 2, n, savepoints, savepoint);
        long[] down = restoreAndStop(engine, 1, n, savepoints, savepoint);
        long[] up = restoreAndStop(engine, 2, n, savepoints, savepoint);
        long[] upgrade = restoreAndStop(engine, 2, n, savepoints, savepoint, "k != \"none\"");
        return String.format("| %,d | %d B | %,d ms | %,d ms | %,d MiB (%,d entries) | %,d ms | %,d ms | %,d ms | %,d ms"
                + " | %,d ms |", n, heap, load, checkpointMs, m.bytes() >> 20, m.entries(), savepointMs, restore[0],
                down[0] + down[1], up[0] + up[1], up[1] + upgrade[0]);
    }

    /** Restores a savepoint; returns {restore ms, savepoint-and-stop ms}. */
    private static long[] restoreAndStop(Engine engine, int p, long n, FileSnapshotStore store, String id)
            throws Exception {
        return restoreAndStop(engine, p, n, store, id, null);
    }

    /** Restores a savepoint into the version with {@code filter} (null: none); returns as above. */
    private static long[] restoreAndStop(Engine engine, int p, long n, FileSnapshotStore store, String id,
            String filter) throws Exception {
        long t0 = System.nanoTime();
        RunningJob job = start(engine, p, n, null, store, new Restore(store, id, Restore.Policy.FAIL), filter);
        job.sync().get(10, TimeUnit.MINUTES);
        long restoreMs = millis(t0);
        t0 = System.nanoTime();
        job.savepoint(false, true).get(10, TimeUnit.MINUTES);
        job.await(Duration.ofMinutes(1));
        return new long[] {restoreMs, millis(t0)};
    }

    private static RunningJob start(Engine engine, int p, long n, FileSnapshotStore checkpoints,
            FileSnapshotStore savepoints, Restore restore) {
        return start(engine, p, n, checkpoints, savepoints, restore, null);
    }

    /** The benchmark job; with a {@code filter}, its next version (state-compatible: an upgrade). */
    private static RunningJob start(Engine engine, int p, long n, FileSnapshotStore checkpoints,
            FileSnapshotStore savepoints, Restore restore, String filter) {
        JobSpec spec = SpecParser.parse("""
                name: state-bench
                source: { kind: kafka, topic: synthetic }
                time: { field: t, emission: periodic }
                key: k
                window: { kind: tumbling, size: 1h }
                aggregates: [ { name: n, kind: count } ]
                parallelism: %d
                """.formatted(p) + (filter == null ? "" : "filter: '" + filter + "'\n")).spec();
        JobOptions options = JobOptions.defaults().withSource(new SyntheticKeys(n, 4), true)
                .withSnapshots(checkpoints, savepoints).withRestore(restore);
        return engine.start("bench-" + p + "-" + System.nanoTime(), spec, options);
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // not a wait for a condition: lets the collector settle before measuring the heap
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
