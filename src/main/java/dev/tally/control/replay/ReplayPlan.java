package dev.tally.control.replay;

import dev.tally.engine.replay.ReplayRange;
import dev.tally.engine.spec.JobSpec;

/**
 * A checked replay request, ready to run.
 *
 * @param job               the job's name
 * @param version           the version replayed (side B of the comparison)
 * @param spec              its spec
 * @param baselineVersion   production's version (the deployment's, else the latest): side A
 * @param baselineSpec      its spec
 * @param savepoint         the savepoint both start from, or null for empty state
 * @param range             the range, pinned (every partition's start and end offsets explicit)
 * @param parallelism       the replay's subtasks
 * @param baselineTopic     production's Kafka result topic, read back as the baseline; null = the baseline is a
 *                          replay of {@code baselineVersion} over the same range
 */
record ReplayPlan(String job, int version, JobSpec spec, int baselineVersion, JobSpec baselineSpec, String savepoint,
        ReplayRange range, int parallelism, String baselineTopic) {

    /** The baseline in words, as stored and shown. */
    String baselineDescription() {
        return baselineTopic != null
                ? "production's results in Kafka topic " + baselineTopic + " (read_committed), version "
                        + baselineVersion + ", restricted to the replayed windows"
                : "a replay of production's version " + baselineVersion + " over the same range";
    }
}
