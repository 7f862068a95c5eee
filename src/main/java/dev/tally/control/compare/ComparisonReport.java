package dev.tally.control.compare;

import java.util.List;
import java.util.Map;

/**
 * What a {@link Comparison} found so far, over the windows it has folded (both sides closed them). Immutable;
 * serialized as JSON for the API and the store.
 *
 * @param valueNames       the compared values, in the spec's order; deviations are of the first
 * @param windowsCompared  windows folded so far (for session windows: each key's session is its own window)
 * @param match            (window, key) cells with equal values on both sides
 * @param differ           cells present on both sides with different values
 * @param onlyA            cells only side A produced
 * @param onlyB            cells only side B produced
 * @param exactMatchRate   {@code match / (match + differ + onlyA + onlyB)}, 1 when nothing was compared
 * @param maxAbsDeviation  the largest {@code |a - b|} of the first value over cells on both sides (0 if none)
 * @param p99AbsDeviation  its 99th percentile over cells on both sides, matches included (within {@value Comparison#ACCURACY} relative)
 * @param maxRelDeviation  the largest {@code |a - b| / max(|a|, |b|)} (0 when both are 0), in [0, 2]
 * @param p99RelDeviation  its 99th percentile (as accurate)
 * @param topDifferences   the cells of largest absolute deviation, largest first (at most
 *                         {@value Comparison#TOP_DIFFERENCES}; ties go to the earlier window, then the smaller key, so the list
 *                         does not depend on the order results arrived in); a cell on one side only counts its value
 *                         as deviation
 * @param windows          per-window summaries, oldest first (the newest {@value Comparison#WINDOWS_KEPT})
 * @param windowsDropped   older window summaries no longer listed (their cells still count above)
 * @param openWindows      windows seen but not yet folded (a side has not closed them)
 * @param watermarkA       side A's latest watermark (epoch ms), {@code Long.MIN_VALUE} before the first
 * @param watermarkB       side B's latest watermark (epoch ms)
 * @param finished         true once {@link Comparison#finish()} folded everything
 */
public record ComparisonReport(List<String> valueNames, long windowsCompared, long match, long differ, long onlyA,
        long onlyB, double exactMatchRate, double maxAbsDeviation, double p99AbsDeviation, double maxRelDeviation,
        double p99RelDeviation, List<KeyDifference> topDifferences, List<WindowSummary> windows,
        long windowsDropped, long openWindows, long watermarkA, long watermarkB, boolean finished) {

    /**
     * One differing cell.
     *
     * @param a side A's values by name (absent: the cell is only on side B)
     * @param b side B's values by name (absent: only on side A)
     */
    public record KeyDifference(long windowStart, long windowEnd, String key, Map<String, Number> a,
            Map<String, Number> b, double absDeviation) {
    }

    /**
     * One folded window: its cell counts and the sum of the first value over its keys on each side (the per-window
     * chart of A against B).
     */
    public record WindowSummary(long start, long end, long match, long differ, long onlyA, long onlyB, double totalA,
            double totalB) {
    }
}
