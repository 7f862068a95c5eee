package dev.tally.control.replay;

import dev.tally.control.audit.AuditService;
import dev.tally.control.compare.Comparison;
import dev.tally.control.compare.ComparisonReport;
import dev.tally.control.compare.ComparisonStore;
import dev.tally.control.compare.Side;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.job.JobService;
import dev.tally.control.system.KafkaConnection;
import dev.tally.control.web.ConflictException;
import dev.tally.control.web.NotFoundException;
import dev.tally.engine.Engine;
import dev.tally.engine.RunningJob;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.replay.ReplayRange;
import dev.tally.engine.runtime.JobState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What-if replays: plans a request ({@link ReplayPlanner}: every refusal before anything starts), records it, runs
 * it on its own thread as fast as the machine allows into sandbox outputs (the engine's in-memory result table and
 * a comparison; no Kafka sink, no checkpoint, nothing of production's: not its topics, consumer group,
 * transactional ids or kept results), then the baseline, and stores the comparison report
 * ({@link ComparisonStore}, owner {@code replay}). At most {@value #MAX_RUNNING} replays run at once. The end of
 * each replay is in the audit log (principal {@code system}); starting and cancelling are, as every request.
 * Thread-safe.
 */
@Service
public class ReplayService {

    /** Replays running at once, at most (each uses a core's worth of reading). */
    public static final int MAX_RUNNING = 2;
    /** Finished replays whose result tables stay readable in memory. */
    private static final int KEPT_TABLES = 10;
    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ReplayPlanner planner;
    private final ReplayRepository replays;
    private final ReplayRunner runner;
    private final ComparisonStore comparisons;
    private final AuditService audit;
    private final Clock clock = Clock.systemUTC();
    private final Map<Long, ReplayRun> running = new ConcurrentHashMap<>();
    private final Map<Long, ResultTable> tables = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ResultTable> eldest) {
            return size() > KEPT_TABLES;
        }
    });
    private final ExecutorService executor;

    ReplayService(ReplayPlanner planner, ReplayRepository replays, Engine engine, SnapshotStores stores,
            DeploymentService deployments, ComparisonStore comparisons, AuditService audit, KafkaConnection kafka) {
        this.planner = planner;
        this.replays = replays;
        this.comparisons = comparisons;
        this.audit = audit;
        this.runner = new ReplayRunner(engine, stores, deployments, kafka.bootstrapServers());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tally-replay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Replays recorded as running when the service starts were cut off by its stop: they failed. */
    @PostConstruct
    void failOrphans() {
        for (Replay r : replays.findByState(Replay.State.RUNNING)) {
            r.finish(Replay.State.FAILED, null, null, "the service stopped while this replay ran", clock.instant());
            replays.save(r);
        }
    }

    /**
     * Plans and starts a replay.
     *
     * @throws ConflictException when {@value #MAX_RUNNING} replays are running
     * @throws IllegalArgumentException naming the field, when the request is refused (see {@link ReplayPlanner})
     * @throws NotFoundException for an unknown job
     */
    public synchronized Replay start(String job, ReplayRequest request, String principal) {
        if (running.size() >= MAX_RUNNING) {
            throw new ConflictException(MAX_RUNNING + " replays are running; wait for one to end or cancel one");
        }
        ReplayPlan plan = planner.plan(job, request);
        Replay row = replays.save(new Replay(job, plan.version(), plan.savepoint(),
                plan.range().kind().name().toLowerCase().replace('_', '-'), rangeJson(plan.range()),
                plan.parallelism(), plan.baselineDescription(), principal, clock.instant()));
        ReplayRun run = new ReplayRun(row.getId(), plan, clock.millis());
        running.put(row.getId(), run);
        executor.submit(() -> execute(run));
        return row;
    }

    private void execute(ReplayRun run) {
        Replay.State state;
        String error = null;
        try {
            state = runner.run(run, () -> persist(run));
        } catch (RuntimeException | Error e) {
            log.warn("Replay {} of job {} failed", run.id, run.plan.job(), e);
            state = Replay.State.FAILED;
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = Replay.State.FAILED;
            error = "interrupted: the service is stopping";
        }
        try {
            if (run.table != null) {
                tables.put(run.id, run.table);
            }
            ComparisonReport report = run.comparison == null ? null : run.comparison.report();
            if (report != null && state == Replay.State.SUCCEEDED) {
                comparisons.save("replay", run.id, report);
            }
            Replay row = replays.findById(run.id).orElseThrow();
            row.progress(run.recordsRead(), run.consumed(), run.total());
            row.finish(state, run.results, run.lateDropped, error, clock.instant());
            replays.save(row);
            audit.record(AuditService.SYSTEM, "replayEnded", "/api/jobs/" + run.plan.job() + "/replays/" + run.id,
                    "state=" + state, state == Replay.State.FAILED ? 500 : 200, error != null ? error
                            : report == null ? null : "match " + report.match() + ", differ " + report.differ()
                                    + ", only A " + report.onlyA() + ", only B " + report.onlyB());
        } finally {
            running.remove(run.id);
        }
    }

    /** Writes a running replay's progress to its row (called by the runner about once a second). */
    private void persist(ReplayRun run) {
        replays.findById(run.id).ifPresent(r -> {
            r.progress(run.recordsRead(), run.consumed(), run.total());
            replays.save(r);
        });
    }

    /**
     * Stops a running replay; its row ends CANCELLED, without a report.
     *
     * @throws NotFoundException when the job has no such replay
     * @throws ConflictException when the replay is not running
     */
    public Replay cancel(String job, long id) throws InterruptedException {
        Replay row = find(job, id);
        ReplayRun run = running.get(id);
        if (run == null) {
            throw new ConflictException("replay " + id + " is " + row.getState() + ": only a running replay can be"
                    + " cancelled");
        }
        run.cancel();
        for (int i = 0; i < 100 && running.containsKey(id); i++) {
            Thread.sleep(50);
        }
        return find(job, id);
    }

    /** @throws NotFoundException for an unknown job or replay */
    public Replay find(String job, long id) {
        return replays.findById(id).filter(r -> r.getJobName().equals(job))
                .orElseThrow(() -> new NotFoundException("job '" + job + "' has no replay " + id));
    }

    public List<Replay> list(String job) {
        return replays.findByJobNameOrderByIdDesc(job);
    }

    /** The live state of a running replay, if it runs in this service. */
    Optional<ReplayRun> live(long id) {
        return Optional.ofNullable(running.get(id));
    }

    /** The comparison report: the live one while it runs, else the stored one. */
    public Optional<ComparisonReport> report(long id) {
        ReplayRun run = running.get(id);
        if (run != null && run.comparison != null) {
            return Optional.of(run.comparison.report());
        }
        return comparisons.find("replay", id);
    }

    /** The replay's own result table (sandbox), while this service keeps it: running or among the last ones. */
    public Optional<ResultTable> results(long id) {
        ReplayRun run = running.get(id);
        if (run != null && run.table != null) {
            return Optional.of(run.table);
        }
        return Optional.ofNullable(tables.get(id));
    }

    static String rangeJson(ReplayRange r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind().name().toLowerCase().replace('_', '-'));
        if (r.kind() == ReplayRange.Kind.FILE) {
            m.put("file", r.file());
        } else {
            m.put("startOffsets", new java.util.TreeMap<>(r.startOffsets()));
            m.put("endOffsets", new java.util.TreeMap<>(r.endOffsets()));
        }
        if (r.kind() == ReplayRange.Kind.EVENT_TIME) {
            m.put("fromTime", r.fromTime());
            m.put("toTime", r.toTime());
        }
        return JSON.writeValueAsString(m);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running.values().forEach(ReplayRun::cancel);
        executor.shutdown();
        executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Waits (tests) until no replay runs, at most {@code timeout}; true when none does. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return running.isEmpty();
    }

    static boolean finished(JobState s) {
        return s == JobState.FINISHED;
    }
}
