package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.window.Window;
import dev.tally.engine.window.WindowResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conformance cases 30–35 of semantics.md: session windows. */
class SessionConformanceTests {

    private static final String GAP_1S = "window: { kind: session, gap: 1000ms }";

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case30_sessionFiresAtLastTsPlusGapMinusOne(int p) throws Exception {
        try (Harness h = Harness.of(GAP_1S).parallelism(p)) {
            h.add("A", 5, 0).add("A", 2, 500).add("A", 6, 1400).watermark(2398);
            assertThat(h.results()).isEmpty();
            h.watermark(2399);
            assertThat(TalkStream.describe(h.results())).containsExactly("A[0,2400)=13 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case31_touchingSessionsMerge(int p) throws Exception {
        // Same as Flink: TimeWindow.intersects is inclusive (start <= other.end && end >= other.start), so windows
        // exactly `gap` apart merge there too; semantics.md only states it explicitly.
        try (Harness h = Harness.of(GAP_1S).parallelism(p)) {
            h.add("x", 1, 0).add("x", 1, 1000).add("y", 1, 0).add("y", 1, 1001).end();
            assertThat(h.lines()).containsExactly("x[0,2000)=2", "y[0,1000)=1", "y[1001,2001)=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case32_elementBridgingTwoSessionsMergesThemBeforeAnyFiring(int p) throws Exception {
        try (Harness h = Harness.of(GAP_1S).parallelism(p)) {
            h.add(1, 0).add(1, 2000).add(1, 1000);
            assertThat(h.results()).isEmpty();
            h.end();
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,3000)=3 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case33_withoutLatenessBridgeJoinsOnlyTheOpenSession(int p) throws Exception {
        try (Harness h = Harness.of(GAP_1S).parallelism(p)) {
            h.add(1, 0).add(1, 2000).watermark(999);
            assertThat(h.lines()).containsExactly("[0,1000)=1");
            h.add(1, 1000);
            assertThat(h.lines()).containsExactly("[0,1000)=1");
            h.end();
            assertThat(TalkStream.describe(h.results()))
                    .containsExactly("[0,1000)=1 ON_TIME#0", "[1000,3000)=2 ON_TIME#0");
            assertThat(h.metrics().lateDropped()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case34_lateMergeOfFiredSessionsReportsReplacedWindows(int p) throws Exception {
        try (Harness h = Harness.of(GAP_1S + "\nallowedLateness: 5000ms").parallelism(p)) {
            h.add(1, 0).add(1, 2000).watermark(3500);
            assertThat(TalkStream.describe(h.results()))
                    .containsExactly("[0,1000)=1 ON_TIME#0", "[2000,3000)=1 ON_TIME#0");
            h.add(1, 1000);
            // differs from Flink: the merged window's result names the already emitted windows it replaces
            assertThat(h.emitted()).hasSize(3);
            WindowResult merged = h.emitted().get(2);
            assertThat(TalkStream.describe(merged)).startsWith("[0,3000)=3 LATE#0");
            assertThat(merged.replaces()).containsExactlyInAnyOrder(new Window(0, 1000), new Window(2000, 3000));
            h.end();
            assertThat(h.emitted()).hasSize(3);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case35_keyedTalkStreamSessionsGap600(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: session, gap: 600ms }").parallelism(p)) {
            TalkStream.feedKeyed(h).end();
            assertThat(h.lines()).containsExactly("A[0,1100)=11", "B[250,850)=2", "C[750,1600)=10",
                    "A[1250,1850)=5", "B[1500,2600)=5", "C[1750,2350)=8", "A[2250,2850)=1", "C[2500,3100)=9",
                    "B[2750,3350)=4");
        }
    }
}
