package dev.tally.control.deployment;

import dev.tally.engine.RunningJob;
import dev.tally.engine.window.WindowResult;
import java.time.Instant;
import java.util.List;

/**
 * What a rolled-back version emitted, in words for the rollback's reason and timeline: its windows are emitted
 * again by the restored version (which restarts from the operation's savepoint), so the results of both are in
 * Kafka (told apart by the {@code tally.version} header) and the result table ends with the restored version's.
 * Stateless.
 */
final class RollbackOutputs {

    /** At most this many of the newest windows are looked at (the run's result table keeps the recent ones). */
    private static final int WINDOWS = 1000;

    private RollbackOutputs() {
    }

    /**
     * Describes the windows the new run emitted before it is stopped.
     *
     * @param run      the new version's run, or null when it is gone (the service restarted during the gate)
     * @param version  the new version
     * @param restored the version the rollback restores
     * @return for example "version 4 emitted 3 windows (1000 results), [2026-01-01T00:00:01Z, ...Z) to [..): version 2
     *         emits them again from the savepoint; in Kafka results carry header tally.version, and the result table
     *         ends with version 2's values"
     */
    static String describe(RunningJob run, int version, int restored) {
        String again = "version " + restored + " emits them again from the savepoint; in Kafka each result carries "
                + "header tally.version (those of version " + version + " committed at its checkpoints stay), and the "
                + "result table ends with version " + restored + "'s values";
        if (run == null) {
            return "the windows version " + version + " emitted are not known (the service restarted during the "
                    + "gate): " + again;
        }
        List<WindowResult> results = run.results().latest(WINDOWS);
        if (results.isEmpty()) {
            return "version " + version + " emitted no window results: nothing is emitted twice";
        }
        long first = Long.MAX_VALUE;
        long firstEnd = 0;
        long last = Long.MIN_VALUE;
        long lastEnd = 0;
        long windows = results.stream().map(r -> r.start() + "/" + r.end()).distinct().count();
        for (WindowResult r : results) {
            if (r.start() < first) {
                first = r.start();
                firstEnd = r.end();
            }
            if (r.start() > last) {
                last = r.start();
                lastEnd = r.end();
            }
        }
        return "version " + version + " emitted " + windows + " window" + (windows == 1 ? "" : "s") + " ("
                + results.size() + " results), " + window(first, firstEnd)
                + (windows == 1 ? "" : " to " + window(last, lastEnd)) + ": " + again;
    }

    private static String window(long start, long end) {
        return "[" + Instant.ofEpochMilli(start) + ", " + Instant.ofEpochMilli(end) + ")";
    }
}
