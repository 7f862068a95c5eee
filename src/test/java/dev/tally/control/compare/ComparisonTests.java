package dev.tally.control.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.Window;
import dev.tally.engine.window.WindowResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTests {

    private static WindowResult r(String key, long start, long end, Number... values) {
        return new WindowResult(key, start, end, ResultValues.of(values), Firing.ON_TIME, 0);
    }

    @Test
    void equalStreamsMatchExactly() {
        Comparison c = new Comparison(List.of("views"), 0);
        for (Side s : Side.values()) {
            c.accept(s, r("x", 0, 10, 3L));
            c.accept(s, r("y", 0, 10, 4L));
            c.accept(s, r("x", 10, 20, 5L));
            c.watermark(s, 9);
        }
        ComparisonReport report = c.report();
        assertThat(report.windowsCompared()).isEqualTo(1);
        assertThat(report.match()).isEqualTo(2);
        assertThat(report.exactMatchRate()).isEqualTo(1.0);
        assertThat(report.p99AbsDeviation()).isZero();
        assertThat(report.openWindows()).isEqualTo(1);
        assertThat(report.windows()).containsExactly(new ComparisonReport.WindowSummary(0, 10, 2, 0, 0, 0, 7, 7));
        assertThat(report.topDifferences()).isEmpty();
        c.finish();
        assertThat(c.report().match()).isEqualTo(3);
        assertThat(c.report().finished()).isTrue();
        assertThat(c.report().openWindows()).isZero();
    }

    @Test
    void countsDifferencesAndCellsOnOneSide() {
        Comparison c = new Comparison(List.of("views", "users"), 0);
        c.accept(Side.A, r("x", 0, 10, 10L, 1L));
        c.accept(Side.B, r("x", 0, 10, 8L, 1L));
        c.accept(Side.A, r("y", 0, 10, 5L, 1L));
        c.accept(Side.B, r("z", 0, 10, 7L, 2L));
        c.accept(Side.A, r("w", 0, 10, 1L, 1L));
        c.accept(Side.B, r("w", 0, 10, 1L, 2L)); // equal first value, different second: differs, deviation 0
        c.finish();
        ComparisonReport report = c.report();
        assertThat(List.of(report.match(), report.differ(), report.onlyA(), report.onlyB()))
                .containsExactly(0L, 2L, 1L, 1L);
        assertThat(report.exactMatchRate()).isZero();
        assertThat(report.maxAbsDeviation()).isEqualTo(2.0);
        assertThat(report.maxRelDeviation()).isEqualTo(0.2);
        assertThat(report.topDifferences()).extracting(ComparisonReport.KeyDifference::key)
                .containsExactly("z", "y", "x", "w");
        ComparisonReport.KeyDifference onlyB = report.topDifferences().get(0);
        assertThat(onlyB.a()).isNull();
        assertThat(onlyB.b()).containsEntry("views", 7L).containsEntry("users", 2L);
        assertThat(report.windows()).containsExactly(new ComparisonReport.WindowSummary(0, 10, 0, 2, 1, 1, 16, 16));
    }

    @Test
    void theLatestRevisionOfACellWins() {
        Comparison c = new Comparison(List.of("n"), 0);
        c.accept(Side.A, r("x", 0, 10, 1L));
        c.accept(Side.A, new WindowResult("x", 0, 10, ResultValues.of(2L), Firing.LATE, 1));
        c.accept(Side.B, r("x", 0, 10, 2L));
        c.finish();
        assertThat(c.report().match()).isEqualTo(1);
    }

    @Test
    void aWindowIsFoldedOnlyOnceBothSidesPassedItsLastLateFiring() {
        Comparison c = new Comparison(List.of("n"), 5);
        c.accept(Side.A, r("x", 0, 10, 1L));
        c.accept(Side.B, r("x", 0, 10, 1L));
        c.watermark(Side.A, 100);
        c.watermark(Side.B, 13); // 10 - 1 + 5 = 14 > 13: a late firing may still come
        assertThat(c.report().windowsCompared()).isZero();
        c.accept(Side.B, new WindowResult("x", 0, 10, ResultValues.of(2L), Firing.LATE, 1));
        c.watermark(Side.B, 14);
        ComparisonReport report = c.report();
        assertThat(report.windowsCompared()).isEqualTo(1);
        assertThat(report.differ()).isEqualTo(1);
        assertThat(report.watermarkA()).isEqualTo(100);
        assertThat(report.watermarkB()).isEqualTo(14);
    }

    @Test
    void sessionMergesReplaceTheMergedWindowsOfTheirSide() {
        Comparison c = new Comparison(List.of("n"), 0);
        c.accept(Side.A, r("x", 0, 10, 1L));
        c.accept(Side.A, r("x", 20, 30, 1L));
        c.accept(Side.A, new WindowResult("x", 0, 30, ResultValues.of(3L), Firing.ON_TIME, 0,
                List.of(new Window(0, 10), new Window(20, 30))));
        c.accept(Side.B, r("x", 0, 30, 3L));
        c.finish();
        ComparisonReport report = c.report();
        assertThat(report.match()).isEqualTo(1);
        assertThat(report.onlyA()).isZero();
        assertThat(report.windows()).extracting(ComparisonReport.WindowSummary::end).containsExactly(30L);
    }

    @Test
    void percentilesCoverTinyAndHugeDeviationsAndDecimals() {
        Comparison c = new Comparison(List.of("sum"), 0);
        for (int i = 0; i < 1_000; i++) {
            c.accept(Side.A, r("k" + i, 0, 10, i == 0 ? 1e15 : 0.1 + 0.2));
            c.accept(Side.B, r("k" + i, 0, 10, i == 0 ? 0.0 : i < 5 ? 0.3 : 0.1 + 0.2));
        }
        c.accept(Side.A, r("max", 0, 10, Long.MAX_VALUE));
        c.accept(Side.B, r("max", 0, 10, Long.MIN_VALUE));
        c.finish();
        ComparisonReport report = c.report();
        assertThat(report.differ()).isEqualTo(6);
        assertThat(report.p99AbsDeviation()).isLessThan(1e-15);
        assertThat(report.maxAbsDeviation()).isGreaterThan(1.8e19);
        assertThat(report.maxRelDeviation()).isEqualTo(2.0);
        assertThat(report.topDifferences().get(0).key()).isEqualTo("max");
    }

    @Test
    void theTopDifferencesDoNotDependOnTheOrderResultsArrivedIn() {
        List<WindowResult> a = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            a.add(r("k" + i, i % 3 * 10, i % 3 * 10 + 10, 10L)); // every cell differs by exactly 1: all tie
        }
        List<ComparisonReport.KeyDifference> first = null;
        for (long seed = 0; seed < 5; seed++) {
            java.util.Collections.shuffle(a, new java.util.Random(seed));
            Comparison c = new Comparison(List.of("n"), 0);
            for (WindowResult x : a) {
                c.accept(Side.A, x);
                c.accept(Side.B, r(x.key(), x.start(), x.end(), 11L));
            }
            c.finish();
            List<ComparisonReport.KeyDifference> top = c.report().topDifferences();
            assertThat(top).hasSize(Comparison.TOP_DIFFERENCES);
            if (first == null) {
                first = top;
                assertThat(top.get(0).windowStart()).isZero();
                assertThat(top.get(0).key()).isEqualTo("k0");
            } else {
                assertThat(top).as("shuffle %d", seed).isEqualTo(first);
            }
        }
    }

    @Test
    void refusesNoValuesAndNegativeLateness() {
        assertThatThrownBy(() -> new Comparison(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Comparison(List.of("n"), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
