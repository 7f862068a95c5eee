package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance cases 53–58 of semantics.md: combining partition watermarks, idleness, end of input. Cases with two
 * partitions run with one reader (partitions combined in the reader) and two readers (combined in the subtasks).
 * The combined watermark is read from the metrics: the lowest watermark of the subtasks.
 */
class WatermarkConformanceTests {

    private static final int[] READERS = {1, 2};

    private static Long watermark(Harness h) {
        return h.metrics().watermark();
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case53_partitionWatermarksAreMinCombined(int p) throws Exception {
        for (int r : READERS) {
            try (Harness h = Harness.of("window: { kind: tumbling, size: 500ms }").parallelism(p).partitions(2)
                    .readers(r)) {
                h.add(0, "", 1, 0).add(1, "", 2, 600);
                h.watermark(0, 1000).watermark(1, 500);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(500L);
                assertThat(h.lines()).as("readers %d", r).containsExactly("[0,500)=1");
                h.watermark(1, 1200);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(1000L);
                assertThat(h.lines()).as("readers %d", r).containsExactly("[0,500)=1", "[500,1000)=2");
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case54_lowerWatermarkOfAPartitionIsIgnored(int p) throws Exception {
        for (int r : READERS) {
            try (Harness h = Harness.of("window: { kind: tumbling, size: 500ms }").parallelism(p).partitions(2)
                    .readers(r)) {
                h.watermark(0, 1000).watermark(1, 2000);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(1000L);
                h.watermark(0, 800);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(1000L);
                h.add(1, "", 5, 950); // [500,1000) is past: it would be accepted at watermark 800
                assertThat(h.metrics().lateDropped()).as("readers %d", r).isEqualTo(1);
                h.end();
                assertThat(h.results()).as("readers %d", r).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case55_idlePartitionLeavesTheMinimumAndRejoinsOnlyOnceCaughtUp(int p) throws Exception {
        for (int r : READERS) {
            try (Harness h = Harness.of("time: { idleTimeout: 1s }\nwindow: { kind: tumbling, size: 1s }")
                    .parallelism(p).partitions(2).readers(r)) {
                h.watermark(0, 500).watermark(1, 200);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(200L);
                h.clock(800).watermark(0, 1000);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(200L);
                h.clock(1200); // partition 1 silent for 1.2 s: idle; partition 0 active at 800
                assertThat(watermark(h)).as("readers %d: follows partition 0", r).isEqualTo(1000L);
                h.watermark(0, 1500);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(1500L);
                h.clock(1300).watermark(1, 300); // returns behind: combined stays
                assertThat(watermark(h)).as("readers %d: returning partition", r).isEqualTo(1500L);
                h.watermark(0, 2500); // partition 1 (300) still behind: not in the minimum
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(2500L);
                h.watermark(1, 2600).watermark(0, 3000); // partition 1 caught up: rejoins the minimum
                assertThat(watermark(h)).as("readers %d: rejoined", r).isEqualTo(2600L);
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case56_allPartitionsIdleCombinedIsMaxOfTheirWatermarks(int p) throws Exception {
        for (int r : READERS) {
            try (Harness h = Harness.of("time: { idleTimeout: 1s }\nwindow: { kind: tumbling, size: 1s }")
                    .parallelism(p).partitions(2).readers(r)) {
                h.add(0, "", 1, 100).add(1, "", 2, 1200);
                h.watermark(0, 1100).watermark(1, 2100);
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(1100L);
                assertThat(h.lines()).as("readers %d", r).containsExactly("[0,1000)=1");
                h.clock(1000); // both silent for 1 s
                assertThat(watermark(h)).as("readers %d", r).isEqualTo(2100L);
                assertThat(h.lines()).as("readers %d", r).containsExactly("[0,1000)=1", "[1000,2000)=2");
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case57_partitionWithoutDataHoldsWatermarkBackWithoutIdleTimeout(int p) throws Exception {
        for (int r : READERS) {
            try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(p).partitions(2)
                    .readers(r).elementWatermarks()) {
                h.clock(0).clock(1000); // clock(0) first: the job opens its partitions at clock 0
                TalkStream.feed(h); // all on partition 0; partition 1 never receives data
                assertThat(h.results()).as("readers %d", r).isEmpty();
                h.end();
                assertThat(h.values()).as("readers %d", r).containsExactly(16.0, 23.0, 16.0);
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case57_withIdleTimeoutWindowsFireDespiteTheEmptyPartition(int p) throws Exception {
        for (int r : READERS) {
            try (Harness h = Harness.of("time: { idleTimeout: 1s }\nwindow: { kind: tumbling, size: 1s }")
                    .parallelism(p).partitions(2).readers(r).elementWatermarks()) {
                // clock(0) first: the first step starts the job, and its readers open their partitions with the
                // clock of that moment; opened at 1000 they would only be idle at 2000
                h.clock(0).clock(1000); // partition 1 idle from now on
                TalkStream.feed(h);
                assertThat(h.values()).as("readers %d", r).containsExactly(16.0, 23.0);
                h.end();
                assertThat(h.values()).as("readers %d", r).containsExactly(16.0, 23.0, 16.0);
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case57_readerWithoutPartitionNeverHoldsWatermarkBack_differsFromFlink(int p) throws Exception {
        // differs from Flink: there a source subtask without splits needs an idle timeout to stop holding back
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(p).partitions(2).readers(3)
                .elementWatermarks()) {
            for (int i = 0; i < TalkStream.VALUES.length; i++) {
                h.add(i % 2, "", TalkStream.VALUES[i], TalkStream.time(i)); // both partitions get data
            }
            assertThat(h.values()).containsExactly(16.0, 23.0);
            h.end();
            assertThat(h.values()).containsExactly(16.0, 23.0, 16.0);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case58_endOfInputFiresEventTimeWindowsAndSessionsButNotCountOrGlobal_flushOnEndDiffersFromFlink(int p)
            throws Exception {
        assertThat(atEnd(p, "window: { kind: tumbling, size: 1s }")).containsExactly(5.0, 2.0);
        assertThat(atEnd(p, "window: { kind: sliding, size: 1s, slide: 500ms }")).containsExactly(5.0, 5.0, 2.0, 2.0);
        assertThat(atEnd(p, "window: { kind: session, gap: 1s }")).containsExactly(5.0, 2.0);
        assertThat(atEnd(p, "window: { kind: count, count: 3 }")).isEmpty();
        assertThat(atEnd(p, "window: { kind: global }")).isEmpty();
        // differs from Flink: flushOnEnd (our option) emits partly filled count and global windows at the end
        assertThat(atEnd(p, "window: { kind: count, count: 3, flushOnEnd: true }")).containsExactly(7.0);
        assertThat(atEnd(p, "window: { kind: global, flushOnEnd: true }")).containsExactly(7.0);
    }

    /** {@code 5@0 2@1500}, nothing before the end, then the values emitted at W(∞). */
    private static List<Double> atEnd(int p, String window) throws Exception {
        try (Harness h = Harness.of(window).parallelism(p)) {
            h.add(5, 0).add(2, 1500);
            assertThat(h.results()).as(window).isEmpty();
            h.end();
            return h.values();
        }
    }
}
