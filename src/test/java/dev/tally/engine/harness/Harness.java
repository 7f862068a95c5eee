package dev.tally.engine.harness;

import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.runtime.LateElement;
import dev.tally.engine.spec.ParsedSpec;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Drives the real engine (readers, key-group routing, subtasks) by hand, for the conformance suite: elements,
 * watermarks and processing-time clock moves are fed one step at a time, and every step is followed by a
 * barrier through all readers and subtasks, so results are deterministic at any parallelism.
 *
 * <p>Events are JSON objects {@code {"k": key, "v": value, "t": time}}; the base spec reads time from {@code t},
 * keys by {@code k} (absent = one global key ""), and sums {@code v} unless the fragment names its aggregates.
 * By default watermarks come only from {@link #watermark}, as the notation {@code W(t)} says; call
 * {@link #elementWatermarks()} for bounded out-of-orderness watermarks computed from the elements.
 *
 * <pre>{@code
 * Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(2);
 * h.add(5, 0).add(2, 250).watermark(999);
 * assertThat(h.values()).containsExactly(7.0);
 * }</pre>
 */
public final class Harness implements AutoCloseable {

    private static final String BASE = """
            name: conformance
            source: { kind: file, path: scripted }
            time: { field: t, format: epoch-millis, emission: per-record }
            key: coalesce(k, "")
            aggregates: [ { name: v, kind: sum, field: v } ]
            """;
    private static final long STEP_TIMEOUT_SECONDS = 20;

    private final ObjectNode spec;
    private final ManualClock clock = new ManualClock(0);
    private final List<WindowResult> emitted = Collections.synchronizedList(new ArrayList<>());
    private int partitions = 1;
    private int readers = 1;
    private boolean elementWatermarks;
    private ScriptedSource source;
    private RunningJob job;
    private ParsedSpec parsed;
    private long barrier = -1_000_000;
    private boolean ended;
    private dev.tally.engine.snapshot.SnapshotStore checkpoints;
    private dev.tally.engine.snapshot.SnapshotStore savepoints;
    private dev.tally.engine.snapshot.Restore restore;

    private Harness(ObjectNode spec) {
        this.spec = spec;
    }

    /** A harness for the base spec overlaid with a YAML fragment (top-level sections replace, {@code time} merges). */
    public static Harness of(String fragment) {
        ObjectNode base = (ObjectNode) YAMLMapper.builder().build().readTree(BASE);
        JsonNode extra = YAMLMapper.builder().build().readTree(fragment);
        if (extra != null && extra.isObject()) {
            for (var e : extra.properties()) {
                JsonNode old = base.get(e.getKey());
                if (e.getKey().equals("time") && old != null && old.isObject() && e.getValue().isObject()) {
                    ((ObjectNode) old).setAll((ObjectNode) e.getValue());
                } else {
                    base.set(e.getKey(), e.getValue());
                }
            }
        }
        return new Harness(base);
    }

    public Harness parallelism(int p) {
        spec.put("parallelism", p);
        return this;
    }

    public Harness partitions(int n) {
        partitions = n;
        return this;
    }

    public Harness readers(int n) {
        readers = n;
        return this;
    }

    /** Derive watermarks from element timestamps (bounded out-of-orderness), as a real source does. */
    public Harness elementWatermarks() {
        elementWatermarks = true;
        return this;
    }

    /** Where savepoints (and checkpoints, when the spec has them) go. */
    public Harness snapshots(dev.tally.engine.snapshot.SnapshotStore checkpointStore,
            dev.tally.engine.snapshot.SnapshotStore savepointStore) {
        checkpoints = checkpointStore;
        savepoints = savepointStore;
        return this;
    }

    /** Starts from a snapshot (set before the first step). */
    public Harness restoreFrom(dev.tally.engine.snapshot.SnapshotStore store, String id,
            dev.tally.engine.snapshot.Restore.Policy policy) {
        restore = new dev.tally.engine.snapshot.Restore(store, id, policy);
        return this;
    }

    /** Takes a savepoint after everything fed so far; returns its id. */
    public String savepoint(boolean drain, boolean stop) {
        start();
        try {
            String id = job.savepoint(drain, stop).get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (drain || stop) {
                job.await(Duration.ofSeconds(STEP_TIMEOUT_SECONDS));
                ended = true;
            }
            return id;
        } catch (Exception e) {
            throw new AssertionError("savepoint failed: " + job.state() + " " + job.error(), e);
        }
    }

    /**
     * Requests a checkpoint (or a savepoint) the moment the first reader to get there reaches the end of its input,
     * just before it reports that it did; returns the request's outcome.
     */
    public CompletableFuture<String> snapshotAtEndOfInput(boolean savepoint) {
        start();
        CompletableFuture<String> requested = new CompletableFuture<>();
        source.atEndOfInput(() -> (savepoint ? job.savepoint(false, false) : job.checkpoint())
                .whenComplete((id, e) -> {
                    if (e != null) {
                        requested.completeExceptionally(e);
                    } else {
                        requested.complete(id);
                    }
                }));
        return requested;
    }

    /** Starts the job now (a restore that fails throws here). */
    public Harness started() {
        start();
        return this;
    }

    /** The spec's warnings (valid but probably unintended choices). */
    public List<SpecError> warnings() {
        return parsed().warnings();
    }

    private ParsedSpec parsed() {
        if (parsed == null) {
            parsed = SpecParser.parseTree(spec);
        }
        return parsed;
    }

    private void start() {
        if (job != null) {
            return;
        }
        source = new ScriptedSource(partitions, readers);
        ((ObjectNode) spec.get("source")).put("readers", readers);
        parsed = null;
        EngineConfig config = new EngineConfig("unused:9092", Path.of("."), clock, 100_000, 4 * 1024 * 1024);
        JobOptions options = JobOptions.defaults().withListener(emitted::add).withSource(source, elementWatermarks)
                .withSnapshots(checkpoints, savepoints).withRestore(restore);
        job = new Engine(config).start("harness", parsed().spec(), options);
    }

    /** Element {@code v@t} without a key, on partition 0. */
    public Harness add(double value, long t) {
        return raw(0, "{\"v\":" + value + ",\"t\":" + t + "}");
    }

    /** Element {@code k:v@t}, on partition 0. */
    public Harness add(String key, double value, long t) {
        return add(0, key, value, t);
    }

    public Harness add(int partition, String key, double value, long t) {
        return raw(partition, "{\"k\":\"" + key + "\",\"v\":" + value + ",\"t\":" + t + "}");
    }

    /** {@code n} records made by {@code json(i)}, on partition 0, followed by one barrier (for bulk inputs). */
    public Harness addMany(int n, java.util.function.IntFunction<String> json) {
        start();
        for (int i = 0; i < n; i++) {
            source.toPartition(new ScriptedSource.Step(ScriptedSource.Step.Kind.RECORD, 0, json.apply(i), 0));
        }
        return sync();
    }

    /** Any record text, on partition 0. */
    public Harness raw(String json) {
        return raw(0, json);
    }

    public Harness raw(int partition, String json) {
        start();
        source.toPartition(new ScriptedSource.Step(ScriptedSource.Step.Kind.RECORD, partition, json, 0));
        return sync();
    }

    /** {@code W(t)} on every partition. */
    public Harness watermark(long t) {
        return watermark(-1, t);
    }

    /** {@code W(t)} on one partition. */
    public Harness watermark(int partition, long t) {
        start();
        ScriptedSource.Step step = new ScriptedSource.Step(ScriptedSource.Step.Kind.WATERMARK, partition, null, t);
        if (partition < 0) {
            source.toAll(step);
        } else {
            source.toPartition(step);
        }
        return sync();
    }

    /** Moves the processing-time clock to {@code millis}; every reader sees it. */
    public Harness clock(long millis) {
        clock.set(millis); // before the first start, so readers open at this time
        start();
        source.toAll(new ScriptedSource.Step(ScriptedSource.Step.Kind.TICK, -1, null, 0));
        return sync();
    }

    /** End of input: {@code W(∞)}; waits until the job has emitted everything. */
    public Harness end() {
        start();
        source.toAll(new ScriptedSource.Step(ScriptedSource.Step.Kind.END, -1, null, 0));
        try {
            if (!job.await(Duration.ofSeconds(STEP_TIMEOUT_SECONDS))) {
                throw new AssertionError("job did not finish at end of input: " + job.state() + " " + job.error());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        ended = true;
        check();
        return this;
    }

    private Harness sync() {
        long id = --barrier;
        var done = job.expectBarrier(id);
        source.toAll(new ScriptedSource.Step(ScriptedSource.Step.Kind.SYNC, -1, null, id));
        try {
            done.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("step did not complete: " + job.state() + " " + job.error(), e);
        }
        check();
        return this;
    }

    private void check() {
        if (job.state() == JobState.FAILED) {
            throw new AssertionError("job failed: " + job.error());
        }
    }

    /** Every result so far, ordered by window start, key and revision (the same at any parallelism). */
    public List<WindowResult> results() {
        List<WindowResult> out = new ArrayList<>(emitted());
        out.sort(Comparator.comparingLong(WindowResult::start).thenComparing(WindowResult::key)
                .thenComparingInt(WindowResult::revision));
        return out;
    }

    /** Every result so far in the order the subtasks emitted them (global order only at parallelism 1). */
    public List<WindowResult> emitted() {
        synchronized (emitted) {
            return new ArrayList<>(emitted);
        }
    }

    /** The first aggregate value of every result, in {@link #results()} order. */
    public List<Double> values() {
        return results().stream().map(r -> r.values().doubleValue(0)).toList();
    }

    /** Results as {@code key[start,end)=v FIRING#rev}, in {@link #results()} order, for readable assertions. */
    public List<String> lines() {
        return results().stream().map(r -> (r.key().isEmpty() ? "" : r.key()) + "[" + r.start() + "," + r.end()
                + ")=" + format(r.values().doubleValue(0))
                + (r.replaces().isEmpty() ? "" : " replaces " + r.replaces())).toList();
    }

    static String format(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The running job (started now if it was not), for reads such as state queries. */
    public RunningJob job() {
        start();
        return job;
    }

    public JobMetrics.Snapshot metrics() {
        return job.metrics();
    }

    public List<LateElement> late() {
        return job.late();
    }

    public List<dev.tally.engine.runtime.DeadLetter> deadLetters() {
        return job.deadLetters();
    }

    @Override
    public void close() throws InterruptedException {
        if (job != null && !ended) {
            job.stop(Duration.ofSeconds(5));
        }
    }
}
