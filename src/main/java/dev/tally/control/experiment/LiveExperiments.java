package dev.tally.control.experiment;

import dev.tally.control.catalog.SavepointDependents;
import dev.tally.control.deployment.OperationKind;
import dev.tally.control.deployment.OperationVeto;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The experiments running now, one per job, in memory. While one runs, deployment A must stay what b is compared
 * with: an upgrade, suspend, drain, cancel or stop of A is refused naming the experiment (a rescale or a savepoint
 * is allowed: A's results do not change), except the upgrade that promoting the experiment starts. The
 * savepoint a running experiment was started from is kept (never deleted by retention). Thread-safe.
 */
@Component
class LiveExperiments implements OperationVeto, SavepointDependents {

    private final Map<String, ExperimentRun> byJob = new ConcurrentHashMap<>();
    private final Set<String> promoting = ConcurrentHashMap.newKeySet();

    /**
     * Reserves the job for a new experiment.
     *
     * @return false when one already runs (or is being started) for the job
     */
    boolean reserve(String job, ExperimentRun run) {
        return byJob.putIfAbsent(job, run) == null;
    }

    Optional<ExperimentRun> of(String job) {
        return Optional.ofNullable(byJob.get(job));
    }

    Collection<ExperimentRun> all() {
        return byJob.values();
    }

    void remove(String job) {
        byJob.remove(job);
    }

    /** While an experiment of the job is being promoted, its upgrade of A is allowed. */
    void promoting(String job, boolean on) {
        if (on) {
            promoting.add(job);
        } else {
            promoting.remove(job);
        }
    }

    @Override
    public Optional<String> whyRefused(String job, OperationKind kind) {
        ExperimentRun live = byJob.get(job);
        if (live == null || kind == OperationKind.RESCALE || kind == OperationKind.RESUME
                || (kind == OperationKind.UPGRADE && promoting.contains(job))) {
            return Optional.empty();
        }
        long id = live.id();
        if (id == 0) {
            return Optional.of("an experiment is being started on this deployment; try again when it runs");
        }
        return Optional.of("experiment " + id + " compares a version with this deployment; promote or abort it first"
                + " (POST /api/jobs/" + job + "/experiments/" + id + "/promote or /abort)");
    }

    @Override
    public Optional<String> whyNeeded(String job, String snapshotId) {
        ExperimentRun live = byJob.get(job);
        return live != null && snapshotId.equals(live.savepointId())
                ? Optional.of("experiment " + live.id() + " of '" + job + "' was started from it")
                : Optional.empty();
    }
}
