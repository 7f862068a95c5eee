package dev.tally.control.savepoint;

import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.job.JobService;
import dev.tally.control.query.StateAnswerView;
import dev.tally.control.query.StateEntryView;
import dev.tally.control.query.StateParams;
import dev.tally.control.system.LimitsProperties;
import dev.tally.engine.query.StateQuery;
import dev.tally.engine.snapshot.SavepointDiff;
import dev.tally.engine.snapshot.SavepointReader;
import dev.tally.engine.spec.JobSpec;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The window state inside a job's savepoints, with the same queries and answers as the live state
 * ({@code /api/jobs/{name}/state/...}), and the difference between two savepoints. Read-only. Errors: 404 for an
 * unknown job or savepoint, 400 naming the parameter for a bad one.
 */
@RestController
@RequestMapping("/api/jobs/{name}/savepoints")
class SavepointStateController {

    private final JobService jobs;
    private final SnapshotStores stores;
    private final int maxKeys;

    SavepointStateController(JobService jobs, SnapshotStores stores, LimitsProperties limits) {
        this.jobs = jobs;
        this.stores = stores;
        this.maxKeys = limits.maxKeysPerQuery();
    }

    /** One key in the savepoint: the window starting at {@code windowStart}, or every window of the key. */
    @GetMapping("/{id}/state/key")
    StateAnswerView key(@PathVariable String name, @PathVariable String id, @RequestParam(required = false) String key,
            @RequestParam(required = false) String windowStart) {
        return ask(name, id, StateParams.key(key, windowStart, maxKeys));
    }

    /** The top {@code n} entries by the first aggregate, of one window or of every window, largest first. */
    @GetMapping("/{id}/state/top")
    StateAnswerView top(@PathVariable String name, @PathVariable String id, @RequestParam(required = false) String n,
            @RequestParam(required = false) String windowStart) {
        return ask(name, id, StateParams.top(n, windowStart, maxKeys));
    }

    /** Up to {@code limit} entries whose key starts with {@code prefix}, by key then window start. */
    @GetMapping("/{id}/state/scan")
    StateAnswerView scan(@PathVariable String name, @PathVariable String id,
            @RequestParam(required = false) String prefix, @RequestParam(required = false) String windowStart,
            @RequestParam(required = false) String limit) {
        return ask(name, id, StateParams.scan(prefix, windowStart, limit, maxKeys));
    }

    private StateAnswerView ask(String name, String id, StateQuery query) {
        jobs.find(name);
        SavepointReader reader = new SavepointReader(stores.savepoint(name, id));
        return StateAnswerView.savepoint(id, reader.spec(), reader.query(query));
    }

    /**
     * The difference between two savepoints of a job.
     *
     * @param from       the savepoint compared from
     * @param to         the savepoint compared to
     * @param same       entries equal in both
     * @param differ     entries in both with different values
     * @param onlyInFrom entries only {@code from} holds
     * @param onlyInTo   entries only {@code to} holds
     * @param truncated  more changes than listed ({@code limit})
     * @param changes    the listed changes: status DIFFER, ONLY_IN_FROM or ONLY_IN_TO, with each side's values
     *                   (null on the side without the entry)
     */
    record DiffView(String from, String to, long same, long differ, long onlyInFrom, long onlyInTo, boolean truncated,
            List<ChangeView> changes) {
    }

    /** One differing (key, window); values named by the aggregates of the version that took each savepoint. */
    record ChangeView(String key, long windowStart, long windowEnd, SavepointDiff.Status status,
            Map<String, Number> from, Map<String, Number> to) {
    }

    /**
     * Keys and windows whose values differ between savepoints {@code from} and {@code to}, or that only one holds.
     * Counts cover everything; at most {@code limit} changes (default 100, at most
     * {@code tally.limits.max-keys-per-query}) are listed, by key then window.
     */
    @GetMapping("/diff")
    DiffView diff(@PathVariable String name, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String limit) {
        int max = StateParams.count("limit", limit, 100, maxKeys);
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("from: is required (a savepoint id of the job)");
        }
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("to: is required (a savepoint id of the job)");
        }
        jobs.find(name);
        SavepointReader a = new SavepointReader(stores.savepoint(name, from));
        SavepointReader b = new SavepointReader(stores.savepoint(name, to));
        SavepointDiff.Result r = SavepointDiff.of(a, b, max);
        JobSpec specA = a.spec();
        JobSpec specB = b.spec();
        List<ChangeView> changes = r.changes().stream().map(c -> new ChangeView(c.key(), c.start(), c.end(),
                c.status(), StateEntryView.values(specA, c.from()), StateEntryView.values(specB, c.to()))).toList();
        return new DiffView(from, to, r.same(), r.differ(), r.onlyInFrom(), r.onlyInTo(), r.truncated(), changes);
    }
}
