package dev.tally.bench;

import dev.tally.TallyApplication;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.SnapshotStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What an operator waits for when the control plane upgrades or rescales a job holding N keys: the real service
 * (Spring context, embedded Kafka broker, H2), driven over its REST API on 127.0.0.1 exactly as a user's script
 * would ({@code POST /api/jobs}, {@code …/deploy}, {@code …/upgrade}, {@code …/rescale}).
 *
 * <p>The job ({@link #spec}) counts per key in 50 ms tumbling event-time windows, results to a Kafka topic. Its
 * input ({@link BenchInput}) holds N distinct keys in a window a day ahead (so the state keeps N counters the whole
 * time) and a pulse of 4 keys with wall-clock event times every 5 ms (so a window fires every 50 ms, and the
 * watermark, emitted every 10 ms, follows the wall clock). Downtime is measured from the results' emission times:
 * the Kafka timestamp of each result record (the producer's clock at {@code send}; with exactly-once, at the
 * commit), read with read_committed: from the last result before the operation's STOPPED step to the first after
 * it. Its parts add up to it: last result → savepoint taken, → old run stopped (STOPPED event), → new run restored
 * (the service has the new run: restore done), → its first record read, → its first result. Per N: 3 deploys
 * from empty state (POST deploy → first result), then {@code runs} rounds of upgrade vK→vK+1 (compatible: only the
 * filter changes), rescale 2→1 and 1→2, each with the service's default health gate.
 *
 * <p>Arguments: key counts (default 1000000). Properties: {@code bench.runs} (rounds, default 3),
 * {@code bench.mode} ({@code at-least-once}, default: results sent as they are emitted; or {@code exactly-once}:
 * visible at the next checkpoint's commit), {@code bench.checkpoints} (interval, default 5s). Run with the
 * command in the README ("Control plane").
 */
public final class ControlPlaneBenchmark {

    private ControlPlaneBenchmark() {
    }

    /** One upgrade or rescale, as measured: epoch ms of each moment, and the savepoint's figures. */
    record Op(String kind, long postAt, long savepointAt, long stoppedAt, long restoredAt, long firstRecordAt,
            long serviceDowntimeMs, long keysInSavepoint) {
    }

    /** One case's figures, each a list of samples (ms). */
    record Figures(List<Long> downtime, List<Long> toSavepoint, List<Long> stop, List<Long> restore,
            List<Long> firstRecord, List<Long> firstResult, List<Long> service, long keys) {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1000000"} : args) {
            sizes.add(Long.parseLong(a.replace("_", "")));
        }
        int runs = Integer.getInteger("bench.runs", 3);
        String mode = System.getProperty("bench.mode", "at-least-once");
        String interval = System.getProperty("bench.checkpoints", "5s");
        Path dir = Scratch.dir("tally-cp-bench");
        StringBuilder table = new StringBuilder();
        try (ConfigurableApplicationContext ctx = start(dir)) {
            for (long n : sizes) {
                table.append(measure(ctx, n, runs, mode, interval));
            }
        }
        System.out.println();
        System.out.printf("Control plane: %s, checkpoints every %s, window 50 ms, watermark every 10 ms;"
                + " median [min–max] of %d, ms%n%n", mode, interval, runs);
        System.out.println("| keys | case | downtime | last result → savepoint taken | → old run stopped | → restored"
                + " | → first record | → first result | service's downtime (stop → running) |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        System.out.print(table);
        System.out.printf("%nmachine: %d cores, max heap %d MiB, %s %s, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Instant.now());
    }

    /** The service as a user starts it, with its own broker and data directory under {@code dir}. */
    static ConfigurableApplicationContext start(Path dir) {
        // as arguments: they override application.yml (default properties would not)
        return new SpringApplicationBuilder(TallyApplication.class).logStartupInfo(false).run(
                "--server.port=0", "--server.address=127.0.0.1", "--tally.kafka.embedded-port=0",
                "--tally.demo.enabled=false", "--tally.jobs-dir=" + dir.resolve("no-jobs"),
                "--tally.data-dir=" + dir.resolve("data"), "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
    }

    /** The job, version {@code version}: versions differ only in their filter (state-compatible). */
    static String spec(String name, int version, String mode, String interval) {
        return """
                name: %s
                source: { kind: kafka, topic: %s-in, startFrom: earliest }
                time: { field: t, interval: 10ms }
                filter: 'k != "v%d"'
                key: k
                window: { kind: tumbling, size: 50ms }
                aggregates: [ { name: n, kind: count } ]
                sinks: [ { kind: kafka, topic: %s-out } ]
                checkpoints: { interval: %s, mode: %s }
                parallelism: 2
                """.formatted(name, name, version, name, interval, mode);
    }

    /** Runs every case for {@code n} keys; returns its table rows and prints progress. */
    static String measure(ConfigurableApplicationContext ctx, long n, int runs, String mode, String interval)
            throws Exception {
        String name = "cp-bench-" + n;
        int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
        Rest api = new Rest(port, Rest.adminAuthorization(ctx));
        String bootstrap = ctx.getBean(KafkaConnection.class).bootstrapServers();
        DeploymentService service = ctx.getBean(DeploymentService.class);
        SnapshotStore savepoints = ctx.getBean(SnapshotStores.class).savepoints(name);
        StringBuilder rows = new StringBuilder();
        try (BenchInput input = new BenchInput(bootstrap, name + "-in"); RunWatch watch = new RunWatch(service, name)) {
            long t0 = System.nanoTime();
            BenchInput.writeState(bootstrap, name + "-in", n);
            log("%,d state records written in %,d ms", n, (System.nanoTime() - t0) / 1_000_000);
            input.startPulse();
            int version = 1;
            api.expect(201, api.post("/api/jobs", "application/yaml", spec(name, version, mode, interval)));
            Figures deploy = figures(0);
            for (int i = 0; i < 3; i++) {
                long postAt = System.currentTimeMillis();
                api.expect(200, api.post("/api/jobs/" + name + "/deploy", "application/json", ""));
                long first = Results.firstAfter(bootstrap, name + "-out", postAt);
                RunWatch.Seen run = watch.current();
                long firstRecord = run.firstRecordAfter(0);
                deploy.downtime().add(first - postAt);
                deploy.restore().add(run.seenAt - postAt);
                deploy.firstRecord().add(firstRecord - run.seenAt);
                deploy.firstResult().add(first - firstRecord);
                log("deploy → first result: %,d ms (run started after %,d ms, first record %,d ms later)",
                        first - postAt, run.seenAt - postAt, firstRecord - run.seenAt);
                if (i < 2) {
                    api.expect(200, api.post("/api/jobs/" + name + "/stop", "application/json", ""));
                    watch.forgetEnded();
                }
            }
            t0 = System.nanoTime();
            until("the state to hold " + n + " keys", 600, () -> {
                RunWatch.Seen s = watch.current();
                var m = service.running(name).orElseThrow().metrics();
                return s != null && m.recordsIn() >= n && m.panes() >= n;
            });
            log("%,d keys loaded in %,d ms after the last deploy", n, (System.nanoTime() - t0) / 1_000_000);
            TimeUnit.SECONDS.sleep(2); // steady state before the first operation, for the baseline gap
            long steadyFrom = System.currentTimeMillis() - 2000;
            List<Op> ops = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                version++;
                api.expect(201, api.post("/api/jobs", "application/yaml", spec(name, version, mode, interval)));
                ops.add(operate(api, watch, savepoints, name, "upgrade vK→vK+1 (compatible)", "/upgrade",
                        "{\"version\":" + version + "}"));
                ops.add(operate(api, watch, savepoints, name, "rescale 2→1", "/rescale", "{\"parallelism\":1}"));
                ops.add(operate(api, watch, savepoints, name, "rescale 1→2", "/rescale", "{\"parallelism\":2}"));
                input.check();
            }
            api.expect(200, api.post("/api/jobs/" + name + "/stop", "application/json", ""));
            watch.forgetEnded();
            List<Long> times = Results.times(bootstrap, name + "-out");
            long gap = Results.medianGap(times, steadyFrom, ops.get(0).postAt());
            rows.append(String.format("| %,d | POST deploy → first result (empty state) | %s | | | %s | %s | %s | |%n",
                    n, Results.stats(deploy.downtime()), Results.stats(deploy.restore()),
                    Results.stats(deploy.firstRecord()), Results.stats(deploy.firstResult())));
            rows.append(String.format("| %,d | baseline: gap between results while running (median) | %,d | | | | | | |%n",
                    n, gap));
            Map<String, Figures> byKind = new LinkedHashMap<>();
            for (Op op : ops) {
                Figures f = byKind.computeIfAbsent(op.kind(), k -> figures(op.keysInSavepoint()));
                long lastOld = Results.lastBefore(times, op.stoppedAt());
                long firstNew = Results.firstAtOrAfter(times, op.stoppedAt());
                f.downtime().add(firstNew - lastOld);
                f.toSavepoint().add(op.savepointAt() - lastOld);
                f.stop().add(op.stoppedAt() - op.savepointAt());
                f.restore().add(op.restoredAt() - op.stoppedAt());
                f.firstRecord().add(op.firstRecordAt() - op.restoredAt());
                f.firstResult().add(firstNew - op.firstRecordAt());
                f.service().add(op.serviceDowntimeMs());
                log("%s: downtime %,d ms (last old result %s, first new %s)", op.kind(), firstNew - lastOld,
                        Instant.ofEpochMilli(lastOld), Instant.ofEpochMilli(firstNew));
            }
            byKind.forEach((kind, f) -> rows.append(String.format("| %,d | %s (%,d keys in its savepoint) | %s | %s"
                    + " | %s | %s | %s | %s | %s |%n", n, kind, f.keys(), Results.stats(f.downtime()),
                    Results.stats(f.toSavepoint()), Results.stats(f.stop()), Results.stats(f.restore()), Results.stats(f.firstRecord()),
                    Results.stats(f.firstResult()), Results.stats(f.service()))));
        }
        return rows.toString();
    }

    static Figures figures(long keys) {
        return new Figures(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), keys);
    }

    /** Asks for one operation, waits until it succeeded, and reads its moments from its timeline and run. */
    static Op operate(Rest api, RunWatch watch, SnapshotStore savepoints, String name, String kind, String path,
            String body) throws Exception {
        watch.forgetEnded();
        long postAt = System.currentTimeMillis();
        JsonNode op = api.expect(202, api.post("/api/jobs/" + name + path, "application/json", body));
        long id = op.get("id").asLong();
        String opPath = "/api/jobs/" + name + "/deployment/operations/" + id;
        until(kind + " to end", 300, () -> !api.get(opPath).get("state").asString().equals("RUNNING"));
        JsonNode done = api.get(opPath);
        if (!done.get("state").asString().equals("SUCCEEDED")) {
            throw new IllegalStateException(kind + " did not succeed: " + done);
        }
        Map<String, Long> at = new LinkedHashMap<>();
        for (JsonNode e : api.get("/api/jobs/" + name + "/deployment/events")) {
            if (e.get("operationId") != null && e.get("operationId").asLong() == id) {
                at.putIfAbsent(e.get("type").asString(), Instant.parse(e.get("at").asString()).toEpochMilli());
            }
        }
        String savepoint = done.get("savepoint").asString();
        Manifest m = savepoints.scan().snapshots().stream().filter(s -> s.id().equals(savepoint)).findFirst()
                .orElseThrow().manifest();
        RunWatch.Seen run = watch.current();
        long firstRecord = run.firstRecordAfter(m.counters().recordsIn());
        if (firstRecord < 0) {
            throw new IllegalStateException("the new run of " + kind + " read no record (saw " + run.records.size()
                    + " samples)");
        }
        return new Op(kind, postAt, at.get("SAVEPOINT_TAKEN"), at.get("STOPPED"), run.seenAt, firstRecord,
                done.get("downtimeMs").asLong(), m.entries());
    }

    static void until(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + seconds + " s for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling a condition of the service; no event to wait for
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", Instant.now(), String.format(format, args));
    }
}
