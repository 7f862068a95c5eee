package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conformance cases 11–22 of semantics.md: when event-time windows fire and what they emit. */
class EventTimeFiringConformanceTests {

    private static final String TUMBLING_1S = "window: { kind: tumbling, size: 1s }";
    private static final String SLIDING_1S_500MS = "window: { kind: sliding, size: 1s, slide: 500ms }";

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case11_firesWhenWatermarkReachesEndMinusOne(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S).parallelism(p)) {
            h.add(5, 0).add(2, 250).add(6, 500).add(3, 750).watermark(998);
            assertThat(h.results()).isEmpty();
            h.watermark(999);
            // differs from Flink: the result record carries its firing (ON_TIME) and revision (0)
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=16 ON_TIME#0");
            assertThat(h.results().get(0).timestamp()).isEqualTo(999);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case12_talkStreamTumblingAtEndOfInput(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S).parallelism(p)) {
            TalkStream.feed(h).end();
            assertThat(h.lines()).containsExactly("[0,1000)=16", "[1000,2000)=23", "[2000,3000)=16");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case13_watermarkMaxTsMinusOneFiresRightAfterFirstElementOfNextWindow(int p) throws Exception {
        // out-of-orderness 0: watermark = max timestamp - 1 after every element
        try (Harness h = Harness.of(TUMBLING_1S).parallelism(p).elementWatermarks()) {
            for (int i = 0; i < TalkStream.VALUES.length; i++) {
                h.add(TalkStream.VALUES[i], TalkStream.time(i));
                long t = TalkStream.time(i);
                List<Double> expected = t < 1000 ? List.of() : t < 2000 ? List.of(16.0) : List.of(16.0, 23.0);
                assertThat(h.values()).as("after element at %d", t).isEqualTo(expected);
            }
            h.end();
            assertThat(h.values()).containsExactly(16.0, 23.0, 16.0);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case14_outOfOrderness500DelaysFiringUntil1500(int p) throws Exception {
        try (Harness h = Harness.of("time: { outOfOrderness: 500ms }\n" + TUMBLING_1S).parallelism(p)
                .elementWatermarks()) {
            for (int i = 0; i < 6; i++) { // up to 5@1250: watermark 749
                h.add(TalkStream.VALUES[i], TalkStream.time(i));
            }
            assertThat(h.results()).isEmpty();
            h.add(3, 1500); // watermark 999
            assertThat(h.lines()).containsExactly("[0,1000)=16");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case15_outOfOrderElementsWithinBoundAreNotDropped(int p) throws Exception {
        try (Harness h = Harness.of("time: { outOfOrderness: 300ms }\n" + TUMBLING_1S).parallelism(p)
                .elementWatermarks()) {
            h.add(5, 0).add(2, 250).add(7, 1000).add(6, 500).add(3, 750).add(5, 1250).end();
            assertThat(h.lines()).containsExactly("[0,1000)=16", "[1000,2000)=12");
            assertThat(h.metrics().lateDropped()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case16_elementBehindWatermarkInOpenWindowIsAdded(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S).parallelism(p)) {
            h.watermark(500).add(4, 100);
            assertThat(h.results()).isEmpty();
            h.watermark(999);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=4 ON_TIME#0");
            assertThat(h.metrics().lateDropped()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case17_emptyWindowsAreNeverEmitted(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S).parallelism(p)) {
            h.add(5, 0).add(9, 5000).end();
            assertThat(h.lines()).containsExactly("[0,1000)=5", "[5000,6000)=9");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case18_resultTimestampEndMinusOneLinesUpInASecondStage(int p) throws Exception {
        // Without Kafka: the second job is fed the first job's results as records {"t": end - 1, "v": value},
        // in the order the first job emitted them, instead of reading them from its output topic.
        List<WindowResult> first;
        try (Harness keyed = Harness.of(TUMBLING_1S).parallelism(p)) {
            TalkStream.feedKeyed(keyed).end();
            first = keyed.emitted();
        }
        assertThat(first).hasSize(9);
        try (Harness global = Harness.of(TUMBLING_1S).parallelism(p)) {
            for (WindowResult r : first) {
                global.raw("{\"t\":" + r.timestamp() + ",\"v\":" + r.values().text(0) + "}");
            }
            global.end();
            assertThat(global.lines()).containsExactly("[0,1000)=16", "[1000,2000)=23", "[2000,3000)=16");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case19_talkStreamSliding(int p) throws Exception {
        try (Harness h = Harness.of(SLIDING_1S_500MS).parallelism(p)) {
            TalkStream.feed(h).end();
            assertThat(h.lines()).containsExactly("[-500,500)=7", "[0,1000)=16", "[500,1500)=21", "[1000,2000)=23",
                    "[1500,2500)=14", "[2000,3000)=16", "[2500,3500)=13");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case20_keyedTalkStreamTumbling(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S).parallelism(p)) {
            TalkStream.feedKeyed(h).end();
            assertThat(h.lines()).containsExactly("A[0,1000)=11", "B[0,1000)=2", "C[0,1000)=3", "A[1000,2000)=5",
                    "B[1000,2000)=3", "C[1000,2000)=15", "A[2000,3000)=1", "B[2000,3000)=6", "C[2000,3000)=9");
            assertThat(h.results()).extracting(WindowResult::firing).containsOnly(Firing.ON_TIME);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case21_keyedTalkStreamSliding(int p) throws Exception {
        try (Harness h = Harness.of(SLIDING_1S_500MS).parallelism(p)) {
            TalkStream.feedKeyed(h).end();
            assertThat(h.lines()).containsExactly("A[-500,500)=5", "B[-500,500)=2",
                    "A[0,1000)=11", "B[0,1000)=2", "C[0,1000)=3",
                    "A[500,1500)=11", "C[500,1500)=10",
                    "A[1000,2000)=5", "B[1000,2000)=3", "C[1000,2000)=15",
                    "A[1500,2500)=1", "B[1500,2500)=5", "C[1500,2500)=8",
                    "A[2000,3000)=1", "B[2000,3000)=6", "C[2000,3000)=9",
                    "B[2500,3500)=4", "C[2500,3500)=9");
        }
    }

    private static final double[] OTHER_STREAM = {9, 6, 8, 4, 7, 3, 8, 4, 2, 1, 3, 2};

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case22_secondStreamTumbling(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S).parallelism(p)) {
            TalkStream.feed(h, OTHER_STREAM).end();
            assertThat(h.values()).containsExactly(27.0, 22.0, 8.0);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case22_secondStreamSliding(int p) throws Exception {
        try (Harness h = Harness.of(SLIDING_1S_500MS).parallelism(p)) {
            TalkStream.feed(h, OTHER_STREAM).end();
            assertThat(h.values()).containsExactly(15.0, 27.0, 22.0, 22.0, 15.0, 8.0, 5.0);
        }
    }
}
