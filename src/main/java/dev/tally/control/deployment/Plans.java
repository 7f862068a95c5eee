package dev.tally.control.deployment;

import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.snapshot.RescalePlan;

/** What an operation will do, computed without side effects (the dry run), and why it may be refused. */
public final class Plans {

    private Plans() {
    }

    /** What an upgrade does to windows that are open at the savepoint. */
    public enum OpenWindows {
        /** Restored as they are (the state is compatible). */
        KEPT,
        /** Fired by the old version into its outputs first (policy drain-first), then the new one starts empty. */
        FIRED_BY_DRAIN_FIRST,
        /** Dropped: source positions and the watermark are kept, windows start empty (policy reset-windows). */
        RESET,
        /** The change is not compatible and the policy is fail: the upgrade is refused. */
        REFUSED
    }

    /**
     * The plan of an upgrade.
     *
     * @param job                the job
     * @param fromVersion        version running now
     * @param toVersion          version to run
     * @param parallelism        parallelism of the new run (the deployment's, else the new version's spec)
     * @param policy             fail, reset-windows or drain-first
     * @param savepoint          the savepoint chosen by the user, or null: a savepoint of the running version is
     *                           taken (and the run stopped at it)
     * @param steps              the steps, in order, in words
     * @param compatibility      the compatibility of the state with the new version, per changed element
     * @param openWindows        what happens to open windows
     * @param expectedDowntimeMs estimated time without output: savepoint + restore + start (ms)
     * @param downtimeBasis      what the estimate is made of
     * @param gate               the health gate the new run must pass, else it is rolled back
     * @param refusal            why it cannot run (nothing is changed), or null when it can
     */
    public record Upgrade(String job, int fromVersion, int toVersion, int parallelism, String policy,
            String savepoint, java.util.List<String> steps, Compatibility.Report compatibility,
            OpenWindows openWindows, long expectedDowntimeMs, String downtimeBasis, HealthGate gate,
            String refusal) {
    }

    /**
     * The plan of a rescale.
     *
     * @param job                the job
     * @param version            version running (unchanged)
     * @param from               parallelism now
     * @param to                 parallelism after
     * @param basedOn            id of the snapshot whose key counts the plan shows (the newest checkpoint, else
     *                           the newest savepoint; the executed rescale records the counts of its own savepoint)
     * @param ranges             key-group ranges and real key counts per subtask, before and after
     * @param skewBefore         largest range's keys over the mean, before
     * @param skewAfter          the same after
     * @param expectedDowntimeMs estimated time without output (ms)
     * @param downtimeBasis      what the estimate is made of
     * @param gate               the health gate of the new run
     */
    public record Rescale(String job, int version, int from, int to, String basedOn, RescalePlan ranges,
            double skewBefore, double skewAfter, long expectedDowntimeMs, String downtimeBasis, HealthGate gate) {
    }

    /** A refused operation: 409 with the plan that shows why; nothing was changed. */
    public static final class Refused extends RuntimeException {

        private final transient Object plan;

        Refused(String message, Object plan) {
            super(message);
            this.plan = plan;
        }

        public Object plan() {
            return plan;
        }
    }
}
