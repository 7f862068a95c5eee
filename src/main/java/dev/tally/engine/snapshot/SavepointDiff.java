package dev.tally.engine.snapshot;

import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.window.StateEntries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The differences between the window state of two snapshots: the (key, window) entries whose values differ, and
 * those only one of them holds. An entry is identified by its key and window {@code [start, end)} (a session
 * that grew is two entries: one only in each). Reads key group by key group when both snapshots have the same
 * max parallelism, so memory holds one group of each at a time (otherwise every entry of both). Counts cover
 * every entry; the listed changes stop at a limit. Stateless and thread-safe.
 */
public final class SavepointDiff {

    private SavepointDiff() {
    }

    /** How an entry differs. */
    public enum Status {
        /** Both snapshots hold the entry, with different values. */
        DIFFER,
        /** Only the first ("from") snapshot holds it. */
        ONLY_IN_FROM,
        /** Only the second ("to") snapshot holds it. */
        ONLY_IN_TO
    }

    /**
     * One differing entry.
     *
     * @param from the values in the first snapshot, null when only in the second
     * @param to   the values in the second snapshot, null when only in the first
     */
    public record Change(String key, long start, long end, Status status, ResultValues from, ResultValues to) {
    }

    /**
     * The comparison.
     *
     * @param same       entries held by both with equal values
     * @param differ     entries held by both with different values
     * @param onlyInFrom entries only the first holds
     * @param onlyInTo   entries only the second holds
     * @param changes    the first {@code limit} changes, by key group, then key, then window start and end
     * @param truncated  there are more changes than listed
     */
    public record Result(long same, long differ, long onlyInFrom, long onlyInTo, List<Change> changes,
            boolean truncated) {
    }

    private record Id(String key, long start, long end) {
    }

    private static final Comparator<Change> ORDER = Comparator.comparing(Change::key)
            .thenComparingLong(Change::start).thenComparingLong(Change::end);

    /**
     * Compares {@code from} with {@code to}.
     *
     * @param limit most changes listed (at least 1)
     * @throws IllegalArgumentException naming {@code limit} when it is below 1
     * @throws java.io.UncheckedIOException when a data file cannot be read
     */
    public static Result of(SavepointReader from, SavepointReader to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: must be at least 1");
        }
        long[] counts = new long[4];
        List<Change> changes = new ArrayList<>();
        if (from.maxParallelism() == to.maxParallelism()) {
            for (int g = 0; g < from.maxParallelism(); g++) {
                int group = g;
                compare(v -> from.forEachInGroup(group, v), v -> to.forEachInGroup(group, v), counts, changes, limit);
            }
        } else {
            compare(from::forEach, to::forEach, counts, changes, limit);
        }
        long listedMax = counts[1] + counts[2] + counts[3];
        return new Result(counts[0], counts[1], counts[2], counts[3], changes, listedMax > changes.size());
    }

    private static void compare(java.util.function.Consumer<java.util.function.Consumer<StateEntries.Entry>> from,
            java.util.function.Consumer<java.util.function.Consumer<StateEntries.Entry>> to, long[] counts,
            List<Change> out, int limit) {
        Map<Id, StateEntries.Entry> a = new HashMap<>();
        from.accept(e -> a.put(new Id(e.key(), e.start(), e.end()), e));
        List<Change> found = new ArrayList<>();
        to.accept(e -> {
            StateEntries.Entry old = a.remove(new Id(e.key(), e.start(), e.end()));
            if (old == null) {
                counts[3]++;
                found.add(new Change(e.key(), e.start(), e.end(), Status.ONLY_IN_TO, null, e.values()));
            } else if (Objects.equals(old.values(), e.values())) {
                counts[0]++;
            } else {
                counts[1]++;
                found.add(new Change(e.key(), e.start(), e.end(), Status.DIFFER, old.values(), e.values()));
            }
        });
        for (StateEntries.Entry e : a.values()) {
            counts[2]++;
            found.add(new Change(e.key(), e.start(), e.end(), Status.ONLY_IN_FROM, e.values(), null));
        }
        found.sort(ORDER);
        for (Change c : found) {
            if (out.size() >= limit) {
                return;
            }
            out.add(c);
        }
    }
}
