package dev.tally.engine.snapshot;

import dev.tally.engine.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a new version of a job can use the state of a snapshot taken by another version (semantics.md,
 * "Versions and compatibility"): changes to the filter, sinks, trigger timing, allowed lateness, parallelism,
 * watermark settings and checkpoint settings keep the state usable; changes to the window, key, aggregates, time
 * field or mode, evictor, or max parallelism do not. Pure: checks nothing but the two specs.
 */
public final class Compatibility {

    private Compatibility() {
    }

    /**
     * One difference between the versions.
     *
     * @param field      JSON pointer of the changed part of the spec ({@code /window})
     * @param from       its value in the snapshot's version, as written in a spec ({@code {kind: tumbling, size: 10s}})
     * @param to         its value in the new version, likewise
     * @param compatible whether the snapshot's window state still applies
     * @param reason     why (or why not)
     * @param members    the members that differ, with spec paths ({@code window.size: 10s → 5s})
     */
    public record Change(String field, String from, String to, boolean compatible, String reason,
            List<Member> members) {

        /** {@code window.size: 10s → 5s, window.offset: 0s → 1s}. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            members.forEach(m -> parts.add(m.toString()));
            return String.join(", ", parts);
        }
    }

    /**
     * One member that differs.
     *
     * @param path spec path of the member ({@code window.size}, {@code aggregates[0].kind})
     * @param from its value in the snapshot's version, as written in a spec
     * @param to   its value in the new version
     */
    public record Member(String path, String from, String to) {

        @Override
        public String toString() {
            return path + ": " + from + " → " + to;
        }
    }

    /**
     * The outcome of a check.
     *
     * @param compatible whether the window state can be restored as it is
     * @param changes    every difference, compatible or not
     */
    public record Report(boolean compatible, List<Change> changes) {

        /** The incompatible changes for error messages: {@code window.size: 10s → 5s (reason); ...}. */
        public String problems() {
            StringBuilder sb = new StringBuilder();
            for (Change c : changes) {
                if (!c.compatible()) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(c.summary()).append(" (").append(c.reason())
                            .append(')');
                }
            }
            return sb.toString();
        }
    }

    public static Report check(JobSpec old, JobSpec neu) {
        List<Change> changes = new ArrayList<>();
        String state = "the window state is laid out by it";
        diff(changes, "/window", old.window(), neu.window(), false, state);
        diff(changes, "/key", old.key(), neu.key(), false, "existing state is keyed by the old key");
        diff(changes, "/aggregates", old.aggregates(), neu.aggregates(), false, "accumulators hold the old aggregates");
        diff(changes, "/time/mode", old.time().mode(), neu.time().mode(), false, "windows were assigned by the old time");
        diff(changes, "/time/field", old.time().field(), neu.time().field(), false,
                "windows were assigned from the old event-time field");
        if ((old.evictor() == null) != (neu.evictor() == null)) {
            diff(changes, "/evictor", old.evictor() == null ? "none" : "present",
                    neu.evictor() == null ? "none" : "present", false,
                    "an evictor keeps elements, otherwise windows keep accumulators");
        } else {
            diff(changes, "/evictor", old.evictor(), neu.evictor(), true, "applies at the next firing");
        }
        diff(changes, "/maxParallelism", old.maxParallelism(), neu.maxParallelism(), false,
                "state is split into that many key groups; it cannot be re-split");
        diff(changes, "/filter", old.filter(), neu.filter(), true, "applies to new records only");
        diff(changes, "/trigger", old.trigger(), neu.trigger(), true, "changes when windows fire, not their contents");
        diff(changes, "/allowedLateness", old.allowedLateness(), neu.allowedLateness(), true,
                "windows are kept longer or shorter from now on");
        diff(changes, "/parallelism", old.parallelism(), neu.parallelism(), true,
                "key groups are redistributed among the subtasks");
        diff(changes, "/sinks", old.sinks(), neu.sinks(), true, "only where new results go");
        diff(changes, "/time/outOfOrderness", old.time().outOfOrderness(), neu.time().outOfOrderness(), true,
                "applies to new watermarks; the restored watermark never goes back");
        diff(changes, "/time/idleTimeout", old.time().idleTimeout(), neu.time().idleTimeout(), true,
                "applies from now on");
        diff(changes, "/checkpoints", old.checkpoints(), neu.checkpoints(), true, "applies from now on");
        diff(changes, "/source", old.source(), neu.source(), true,
                "positions of partitions present in both are kept");
        boolean ok = changes.stream().allMatch(Change::compatible);
        return new Report(ok, changes);
    }

    private static void diff(List<Change> out, String field, Object a, Object b, boolean compatible, String reason) {
        if (!Objects.equals(a, b)) {
            out.add(new Change(field, SpecValues.text(a), SpecValues.text(b), compatible, reason,
                    SpecValues.diff(field.substring(1).replace('/', '.'), a, b)));
        }
    }
}
