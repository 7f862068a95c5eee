package dev.tally.bench;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the service's run of one job every millisecond (the engine has no per-record timestamps to ask): for
 * each run it sees, when it was first seen, when it was first RUNNING (every reader open) and how its
 * {@code recordsIn} counter grew during its first changes, so that the moment its first record was read can be
 * found once the counter it was restored with is known. Times are epoch ms, ±1 ms. Thread-safe.
 */
final class RunWatch implements AutoCloseable {

    /** What was seen of one run. */
    static final class Seen {
        final long seenAt;
        volatile long runningAt = -1;
        /** (epoch ms, recordsIn) at each change of the counter, the first {@value #SAMPLES} changes. */
        final List<long[]> records = new ArrayList<>();

        Seen(long seenAt) {
            this.seenAt = seenAt;
        }

        /** When recordsIn first exceeded {@code base} (the counter the run was restored with), or -1. */
        synchronized long firstRecordAfter(long base) {
            for (long[] s : records) {
                if (s[1] > base) {
                    return s[0];
                }
            }
            return -1;
        }
    }

    private static final int SAMPLES = 200;

    private final DeploymentService service;
    private final String job;
    private final Map<RunningJob, Seen> runs = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean open = true;

    RunWatch(DeploymentService service, String job) {
        this.service = service;
        this.job = job;
        this.thread = new Thread(this::loop, "bench-run-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (open) {
            long now = System.currentTimeMillis();
            service.running(job).ifPresent(run -> {
                Seen s = runs.computeIfAbsent(run, r -> new Seen(now));
                if (s.runningAt < 0 && run.state() == JobState.RUNNING) {
                    s.runningAt = now;
                }
                long in = run.metrics().recordsIn();
                synchronized (s) {
                    if (s.records.size() < SAMPLES && (s.records.isEmpty() || s.records.get(s.records.size() - 1)[1] != in)) {
                        s.records.add(new long[] {now, in});
                    }
                }
            });
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** The run the service has now for the job, with what was seen of it; null when none. */
    Seen current() {
        return service.running(job).map(runs::get).orElse(null);
    }

    /** What was seen of {@code run}, or null. */
    Seen of(RunningJob run) {
        return runs.get(run);
    }

    /** Forgets the runs that are no longer the service's (they hold their state's memory). */
    void forgetEnded() {
        RunningJob now = service.running(job).orElse(null);
        runs.keySet().removeIf(r -> r != now);
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        thread.join();
    }
}
