package dev.tally.engine.snapshot;

import dev.tally.engine.runtime.KeyGroups;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rescale from one parallelism to another does to a job's state, computed from a snapshot without
 * changing anything: the contiguous key-group range each subtask owns before and after (as Flink's
 * {@code KeyGroupRangeAssignment}), and the number of keys with state in each range, counted in the snapshot.
 * The skew is the largest range's key count over the mean. Immutable.
 *
 * @param maxParallelism the number of key groups (fixed for the job's life)
 * @param from           parallelism the snapshot was taken at
 * @param to             parallelism after the rescale (1..maxParallelism)
 * @param before         ranges at {@code from}, by subtask
 * @param after          ranges at {@code to}, by subtask
 * @param keys           keys with state in all key groups
 */
public record RescalePlan(int maxParallelism, int from, int to, List<Range> before, List<Range> after, long keys) {

    /**
     * The key groups one subtask owns.
     *
     * @param subtask       subtask index
     * @param firstKeyGroup first key group, inclusive
     * @param lastKeyGroup  last key group, inclusive
     * @param keys          keys with state in those key groups
     */
    public record Range(int subtask, int firstKeyGroup, int lastKeyGroup, long keys) {
    }

    /**
     * Plans a rescale of the state in {@code snapshot} to {@code to} subtasks.
     *
     * @throws IllegalArgumentException when {@code to} is below 1 or above the snapshot's max parallelism
     */
    public static RescalePlan of(Snapshot snapshot, int to) {
        Manifest m = snapshot.manifest();
        if (to < 1 || to > m.maxParallelism()) {
            throw new IllegalArgumentException("parallelism: must be between 1 and the job's max parallelism "
                    + m.maxParallelism() + ", not " + to);
        }
        long[] perGroup = new SavepointReader(snapshot).keysPerKeyGroup();
        long total = 0;
        for (long k : perGroup) {
            total += k;
        }
        return new RescalePlan(m.maxParallelism(), m.parallelism(), to, ranges(perGroup, m.parallelism()),
                ranges(perGroup, to), total);
    }

    private static List<Range> ranges(long[] perGroup, int parallelism) {
        int max = perGroup.length;
        List<Range> out = new ArrayList<>();
        for (int s = 0; s < parallelism; s++) {
            int first = KeyGroups.firstKeyGroup(s, max, parallelism);
            int end = KeyGroups.firstKeyGroup(s + 1, max, parallelism);
            long keys = 0;
            for (int g = first; g < end; g++) {
                keys += perGroup[g];
            }
            out.add(new Range(s, first, end - 1, keys));
        }
        return out;
    }

    /** Largest range's keys over the mean after the rescale (1.0 = even; 0 when there are no keys). */
    public double skewAfter() {
        return skew(after);
    }

    /** Largest range's keys over the mean before the rescale. */
    public double skewBefore() {
        return skew(before);
    }

    private double skew(List<Range> ranges) {
        if (keys == 0) {
            return 0;
        }
        long most = ranges.stream().mapToLong(Range::keys).max().orElse(0);
        return most / ((double) keys / ranges.size());
    }
}
