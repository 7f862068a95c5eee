package dev.tally.control.compare;

import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.window.Window;
import dev.tally.engine.window.WindowResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.TreeMap;
import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;

/**
 * An incremental, per-window and per-key comparison of two result streams (side A, the reference, and side B, the
 * candidate), for A/B experiments and what-if replays.
 *
 * <p>Results are cumulative updates (see {@link WindowResult}): the latest one of each (window, key) cell and side
 * wins, and a session merge's {@code replaces} removes the replaced cells of that side. A window is <em>folded</em>
 * — compared, counted and forgotten — once both sides' watermarks passed its last firing:
 * {@code end - 1 + allowedLateness <= min(watermarkA, watermarkB)}, the rule by which the engine fires a window's
 * last late result (semantics.md). Memory is therefore one entry per open (window, key) cell, and folding a window
 * costs O(its keys · log 20). Feed watermarks read after the results they cover (the engine updates a subtask's
 * watermark metric after it emitted the windows that watermark fired).
 *
 * <p>Thread-safe: {@link #accept} may be called from the engine's subtask threads of both runs.
 */
public final class Comparison {

    /** Differences listed in a report. */
    public static final int TOP_DIFFERENCES = 20;
    /** Window summaries listed in a report (the newest). */
    public static final int WINDOWS_KEPT = 1_000;
    /** The relative accuracy of the reported percentiles. */
    public static final double ACCURACY = 0.01;

    private record Cell(long start, long end, String key) {
    }

    private static final class Pair {
        ResultValues a;
        ResultValues b;
    }

    private final List<String> valueNames;
    private final long allowedLateness;
    private final NavigableMap<Long, Map<Cell, Pair>> open = new TreeMap<>();
    private final DDSketch abs = DDSketches.unboundedDense(ACCURACY);
    private final DDSketch rel = DDSketches.unboundedDense(ACCURACY);
    /**
     * The order of the top differences, best first: larger deviation, then earlier window, then key. A total order on
     * distinct cells, so which cells are kept does not depend on the order results arrived in.
     */
    private static final Comparator<ComparisonReport.KeyDifference> RANK =
            Comparator.comparingDouble(ComparisonReport.KeyDifference::absDeviation).reversed()
                    .thenComparingLong(ComparisonReport.KeyDifference::windowStart)
                    .thenComparingLong(ComparisonReport.KeyDifference::windowEnd)
                    .thenComparing(ComparisonReport.KeyDifference::key);
    /** The kept top differences, worst first (the head is the one to drop). */
    private final PriorityQueue<ComparisonReport.KeyDifference> top = new PriorityQueue<>(RANK.reversed());
    private final ArrayDeque<ComparisonReport.WindowSummary> windows = new ArrayDeque<>();
    private long windowsDropped;
    private long windowsCompared;
    private long match;
    private long differ;
    private long onlyA;
    private long onlyB;
    private double maxAbs;
    private double maxRel;
    private long watermarkA = Long.MIN_VALUE;
    private long watermarkB = Long.MIN_VALUE;
    private boolean finished;

    /**
     * @param valueNames       the names of the results' values (the spec's aggregates, in order); at least one
     * @param allowedLatenessMs the spec's allowed lateness (ms, ≥ 0): how long after its end a window may change
     * @throws IllegalArgumentException for no value names or a negative lateness
     */
    public Comparison(List<String> valueNames, long allowedLatenessMs) {
        if (valueNames.isEmpty() || allowedLatenessMs < 0) {
            throw new IllegalArgumentException("a comparison needs at least one value and a lateness >= 0");
        }
        this.valueNames = List.copyOf(valueNames);
        this.allowedLateness = allowedLatenessMs;
    }

    /** Takes one result of {@code side}; a later result of the same cell replaces the earlier. */
    public synchronized void accept(Side side, WindowResult r) {
        for (Window w : r.replaces()) {
            Map<Cell, Pair> cells = open.get(w.end());
            Cell replaced = new Cell(w.start(), w.end(), r.key());
            Pair p = cells == null ? null : cells.get(replaced);
            if (p != null) {
                set(p, side, null);
                if (p.a == null && p.b == null) {
                    cells.remove(replaced);
                }
            }
        }
        Pair p = open.computeIfAbsent(r.end(), e -> new HashMap<>())
                .computeIfAbsent(new Cell(r.start(), r.end(), r.key()), c -> new Pair());
        set(p, side, r.values());
    }

    private static void set(Pair p, Side side, ResultValues v) {
        if (side == Side.A) {
            p.a = v;
        } else {
            p.b = v;
        }
    }

    /** Advances {@code side}'s watermark (epoch ms; never moves back) and folds the windows both sides closed. */
    public synchronized void watermark(Side side, long watermarkMs) {
        if (side == Side.A) {
            watermarkA = Math.max(watermarkA, watermarkMs);
        } else {
            watermarkB = Math.max(watermarkB, watermarkMs);
        }
        long horizon = Math.min(watermarkA, watermarkB);
        if (horizon == Long.MIN_VALUE) {
            return;
        }
        // end - 1 + lateness <= horizon, without overflow
        long lastEnd = horizon == Long.MAX_VALUE ? Long.MAX_VALUE
                : horizon >= Long.MIN_VALUE + allowedLateness ? horizon - allowedLateness + 1 : Long.MIN_VALUE;
        fold(open.headMap(lastEnd, true));
    }

    /** Folds every window still open: both inputs ended (bounded runs) or the comparison stops. */
    public synchronized void finish() {
        fold(open);
        finished = true;
    }

    private void fold(NavigableMap<Long, Map<Cell, Pair>> closing) {
        Map<Window, long[]> counts = new LinkedHashMap<>();
        Map<Window, double[]> totals = new HashMap<>();
        List<Map.Entry<Cell, Pair>> cells = new ArrayList<>();
        closing.values().forEach(m -> cells.addAll(m.entrySet()));
        cells.sort(Comparator.comparingLong((Map.Entry<Cell, Pair> e) -> e.getKey().start())
                .thenComparingLong(e -> e.getKey().end()));
        for (Map.Entry<Cell, Pair> e : cells) {
            Cell c = e.getKey();
            Pair p = e.getValue();
            Window w = new Window(c.start(), c.end());
            long[] n = counts.computeIfAbsent(w, x -> new long[4]);
            double[] t = totals.computeIfAbsent(w, x -> new double[2]);
            double a = first(p.a);
            double b = first(p.b);
            t[0] += a;
            t[1] += b;
            double deviation = Math.abs(a - b);
            if (p.a != null && p.b != null) {
                boolean equal = p.a.equals(p.b);
                n[equal ? 0 : 1]++;
                double scale = Math.max(Math.abs(a), Math.abs(b));
                double relative = scale == 0 ? 0 : deviation / scale;
                abs.accept(deviation);
                rel.accept(relative);
                maxAbs = Math.max(maxAbs, deviation);
                maxRel = Math.max(maxRel, relative);
                if (!equal) {
                    offerTop(c, p, deviation);
                }
            } else if (p.a != null || p.b != null) {
                n[p.a != null ? 2 : 3]++;
                offerTop(c, p, deviation);
            }
        }
        counts.forEach((w, n) -> {
            double[] t = totals.get(w);
            match += n[0];
            differ += n[1];
            onlyA += n[2];
            onlyB += n[3];
            windowsCompared++;
            windows.addLast(new ComparisonReport.WindowSummary(w.start(), w.end(), n[0], n[1], n[2], n[3], t[0], t[1]));
            if (windows.size() > WINDOWS_KEPT) {
                windows.pollFirst();
                windowsDropped++;
            }
        });
        closing.clear();
    }

    private static double first(ResultValues v) {
        return v == null || !v.isPresent(0) ? 0 : v.doubleValue(0);
    }

    private void offerTop(Cell c, Pair p, double deviation) {
        ComparisonReport.KeyDifference d = new ComparisonReport.KeyDifference(c.start(), c.end(), c.key(), null, null,
                deviation);
        if (top.size() < TOP_DIFFERENCES || RANK.compare(d, top.peek()) < 0) {
            top.add(new ComparisonReport.KeyDifference(c.start(), c.end(), c.key(), named(p.a), named(p.b), deviation));
            if (top.size() > TOP_DIFFERENCES) {
                top.poll();
            }
        }
    }

    private Map<String, Number> named(ResultValues v) {
        if (v == null) {
            return null;
        }
        Map<String, Number> out = new LinkedHashMap<>();
        for (int i = 0; i < valueNames.size() && i < v.size(); i++) {
            out.put(valueNames.get(i), v.number(i));
        }
        return out;
    }

    /** What was found so far (the folded windows). */
    public synchronized ComparisonReport report() {
        long cells = match + differ + onlyA + onlyB;
        List<ComparisonReport.KeyDifference> largest = new ArrayList<>(top);
        largest.sort(RANK);
        List<ComparisonReport.WindowSummary> summaries = new ArrayList<>(windows);
        summaries.sort(Comparator.comparingLong(ComparisonReport.WindowSummary::start)
                .thenComparingLong(ComparisonReport.WindowSummary::end));
        long openWindows = open.values().stream().mapToLong(m -> m.keySet().stream()
                .map(c -> new Window(c.start(), c.end())).distinct().count()).sum();
        boolean any = !abs.isEmpty();
        return new ComparisonReport(valueNames, windowsCompared, match, differ, onlyA, onlyB,
                cells == 0 ? 1.0 : (double) match / cells, maxAbs, any ? abs.getValueAtQuantile(0.99) : 0, maxRel,
                any ? rel.getValueAtQuantile(0.99) : 0, largest, summaries, windowsDropped, openWindows, watermarkA,
                watermarkB, finished);
    }
}
