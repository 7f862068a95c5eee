package dev.tally.control.query;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.RunListener;
import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.engine.RunningJob;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps the latest results of each job across the end of its runs (stop, restore from a savepoint, restart of the
 * service, a run that died), so a job shows what it produced until new results replace them: the newest
 * {@value #WINDOWS} windows, at most {@value #MAX_ROWS} rows, in the database. Saved when a run ends and every
 * 2 s while results change (so a killed service loses at most 2 s of them). Thread-safe.
 */
@Service
public class ResultHistory implements RunListener {

    /** Windows kept per job. */
    static final int WINDOWS = 100;
    /** Rows kept per job (whole windows, newest first). */
    static final int MAX_ROWS = 5_000;
    private static final TypeReference<List<ResultRow>> ROWS = new TypeReference<>() {
    };

    private final JobService jobs;
    private final DeploymentService deployments;
    private final KeptResultsRepository repository;
    private final TransactionTemplate tx;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, List<ResultRow>> kept = new ConcurrentHashMap<>();
    private final Map<String, Long> savedAtCount = new ConcurrentHashMap<>();

    ResultHistory(JobService jobs, DeploymentService deployments, KeptResultsRepository repository,
            TransactionTemplate tx, ObjectMapper mapper) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.repository = repository;
        this.tx = tx;
        this.mapper = mapper;
    }

    @Override
    public void ended(String job, RunningJob run) {
        keep(job, run);
    }

    /** Saves the results of every running job whose count of results changed since its last save. */
    @Scheduled(fixedDelay = 2000)
    public void saveRunning() {
        deployments.runs().forEach((name, run) -> {
            long emitted = run.metrics().resultsEmitted();
            Long saved = savedAtCount.get(name + "/" + run.runId());
            if (saved == null || saved != emitted) {
                keep(name, run);
                savedAtCount.put(name + "/" + run.runId(), emitted);
            }
        });
    }

    /** Merges the run's latest results into the job's kept results and saves them. */
    synchronized void keep(String name, RunningJob run) {
        List<ResultRow> live = run.results().latest(WINDOWS).stream().map(r -> ResultRow.of(run.spec(), r)).toList();
        if (live.isEmpty()) {
            return;
        }
        List<ResultRow> rows = merge(kept(name), live, WINDOWS, MAX_ROWS);
        Job job = jobs.find(name);
        String json = mapper.writeValueAsString(rows);
        tx.executeWithoutResult(s -> repository.findById(job.getId()).ifPresentOrElse(
                k -> k.replace(json, clock.instant()),
                () -> repository.save(new KeptResults(job.getId(), json, clock.instant()))));
        kept.put(name, rows);
    }

    /** The kept results of a job (empty when it never produced any), newest window first. */
    List<ResultRow> kept(String name) {
        return kept.computeIfAbsent(name, n -> {
            Job job = jobs.find(n);
            return repository.findById(job.getId()).map(k -> mapper.readValue(k.getRowsJson(), ROWS))
                    .orElse(List.of());
        });
    }

    /**
     * {@code newer} over {@code older} (a row of {@code newer} replaces the row of the same key and window), the
     * newest {@code windows} windows (by start, then end) of it, newest first, keys ascending, at most
     * {@code maxRows} rows.
     */
    static List<ResultRow> merge(List<ResultRow> older, List<ResultRow> newer, int windows, int maxRows) {
        List<ResultRow> all = new ArrayList<>(newer);
        java.util.Set<ResultRow.Cell> cells = new java.util.HashSet<>();
        newer.forEach(r -> cells.add(r.cell()));
        for (ResultRow o : older) {
            if (!cells.contains(o.cell())) {
                all.add(o);
            }
        }
        all.sort(Comparator.comparingLong(ResultRow::windowStart).reversed()
                .thenComparing(Comparator.comparingLong(ResultRow::windowEnd).reversed())
                .thenComparing(ResultRow::key));
        List<ResultRow> out = new ArrayList<>();
        int seen = 0;
        for (int i = 0; i < all.size(); i++) {
            ResultRow r = all.get(i);
            boolean newWindow = i == 0 || r.windowStart() != all.get(i - 1).windowStart();
            if ((newWindow && ++seen > windows) || out.size() >= maxRows) {
                break;
            }
            out.add(r);
        }
        return out;
    }
}
