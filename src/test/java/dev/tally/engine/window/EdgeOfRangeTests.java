package dev.tally.engine.window;

import static dev.tally.engine.window.EarlyTriggerChainTests.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.time.Timestamps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #11 part 2: elements at the very edges of the supported range ({@link Timestamps#MIN} = -2^62,
 * {@link Timestamps#MAX} = 2^62 - 1) and durations as long as allowed ({@link Timestamps#MAX_DURATION}) go through
 * every window kind exactly, with no overflow: windows start and end where the rules say (expected values worked
 * out by hand, independently of the code), watermarks saturate, and lateness bounds past +∞ keep windows to the end.
 */
class EdgeOfRangeTests {

    private static final long MIN = Timestamps.MIN;
    private static final long MAX = Timestamps.MAX;
    private static final long DAY = 86_400_000;
    private static final String LONGEST = Timestamps.MAX_DURATION + "ms";

    /**
     * Element {@code key:1@t}, its time written as a string of digits: a JSON number beyond 2^53 would be read as
     * a double, which cannot hold every time near the edges (2^62 - 1 rounds to 2^62, out of range).
     */
    private static Harness add(Harness h, String key, long t) {
        return h.raw("{\"k\":\"" + key + "\",\"v\":1,\"t\":\"" + t + "\"}");
    }

    private static Harness harness(String fragment, int p) {
        return Harness.of("time: { outOfOrderness: 0ms }\n" + fragment).parallelism(p).elementWatermarks();
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void tumblingWindowsAtBothEdges(int p) throws Exception {
        try (Harness h = harness("window: { kind: tumbling, size: 1s }", p)) {
            add(h, "a", MIN);
            add(h, "b", MAX);
            assertThat(describe(h.results()))
                    .containsExactly("a[-4611686018427388000,-4611686018427387000)=1 ON_TIME#0");
            h.end();
            assertThat(describe(h.results())).containsExactly(
                    "a[-4611686018427388000,-4611686018427387000)=1 ON_TIME#0",
                    "b[4611686018427387000,4611686018427388000)=1 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void tumblingWithOffsetAndLatenessBeyondInfinityKeepsTheWindowToTheEnd(int p) throws Exception {
        try (Harness h = harness("window: { kind: tumbling, size: 1d, offset: -8h }\nallowedLateness: " + LONGEST, p)) {
            add(h, "b", MIN + 2 * DAY);
            add(h, "b", MIN); // its window's end - 1 + lateness is about -1 day: still kept
            add(h, "a", MAX);
            add(h, "a", MAX - 2 * DAY); // its window's end - 1 + lateness is past +∞: kept to the end
            add(h, "a", MAX - 2 * DAY);
            h.end();
            assertThat(describe(h.results())).containsExactly(
                    "b[-4611686018486400000,-4611686018400000000)=1 LATE#0",
                    "b[-4611686018313600000,-4611686018227200000)=1 ON_TIME#0",
                    "a[4611686018169600000,4611686018256000000)=1 LATE#0",
                    "a[4611686018169600000,4611686018256000000)=2 LATE#1",
                    "a[4611686018342400000,4611686018428800000)=1 ON_TIME#0");
            assertThat(h.metrics().lateDropped()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void slidingWindowsWithOffsetAtBothEdges(int p) throws Exception {
        try (Harness h = harness("window: { kind: sliding, size: 1s, slide: 500ms, offset: 200ms }", p)) {
            add(h, "a", MIN);
            add(h, "a", MAX);
            h.end();
            assertThat(h.lines()).containsExactly("a[-4611686018427388800,-4611686018427387800)=1",
                    "a[-4611686018427388300,-4611686018427387300)=1", "a[4611686018427387200,4611686018427388200)=1",
                    "a[4611686018427387700,4611686018427388700)=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void windowsAsLongAsAllowedStartAndEndExactly(int p) throws Exception {
        try (Harness h = harness("window: { kind: tumbling, size: " + LONGEST + " }", p)) {
            add(h, "b", MIN);
            add(h, "a", MAX);
            h.end();
            assertThat(h.lines()).containsExactly("b[-9223372036854775806,-4611686018427387903)=1",
                    "a[4611686018427387903,9223372036854775806)=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void sessionsAtBothEdgesWithLatenessBeyondInfinity(int p) throws Exception {
        try (Harness h = harness("window: { kind: session, gap: 1s }\nallowedLateness: " + LONGEST, p)) {
            add(h, "a", MIN + 5000);
            add(h, "a", MIN);
            add(h, "b", MAX);
            add(h, "b", MAX - 2 * DAY);
            h.end();
            assertThat(describe(h.results())).containsExactly(
                    "a[-4611686018427387904,-4611686018427386904)=1 LATE#0",
                    "a[-4611686018427382904,-4611686018427381904)=1 ON_TIME#0",
                    "b[4611686018254587903,4611686018254588903)=1 LATE#0",
                    "b[4611686018427387903,4611686018427388903)=1 ON_TIME#0");
            assertThat(h.metrics().lateDropped()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void earlyFiringsOfAWindowThatEndsBeyondTheRange(int p) throws Exception {
        // [4611686018427380000, 4611686018427390000) holds MAX; its last ms is past MAX, so only +∞ closes it
        try (Harness h = harness("window: { kind: tumbling, size: 10s }\ntrigger: { early: 2s }", p)) {
            add(h, "a", 4611686018427381000L);
            add(h, "a", MAX);
            assertThat(describe(h.results())).containsExactly(
                    "a[4611686018427380000,4611686018427390000)=2 EARLY#0",
                    "a[4611686018427380000,4611686018427390000)=2 EARLY#1",
                    "a[4611686018427380000,4611686018427390000)=2 EARLY#2");
            h.end();
            assertThat(describe(h.results())).endsWith("a[4611686018427380000,4611686018427390000)=2 EARLY#3",
                    "a[4611686018427380000,4611686018427390000)=2 ON_TIME#4");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aGlobalWindowsEarlyChainFiresOncePerWatermarkAdvanceHoweverFar(int p) throws Exception {
        try (Harness h = harness("window: { kind: global }\ntrigger: { early: 2s }", p)) {
            add(h, "a", 0);
            add(h, "a", 1000);
            add(h, "a", MAX);
            assertThat(describe(h.results())).containsExactly("a[0,4611686018427387904)=3 EARLY#0");
            h.end();
            assertThat(describe(h.results())).containsExactly("a[0,4611686018427387904)=3 EARLY#0",
                    "a[0,4611686018427387904)=3 EARLY#1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void countWindowsSpanBothEdges(int p) throws Exception {
        try (Harness h = harness("window: { kind: count, count: 2 }", p)) {
            add(h, "a", MAX);
            add(h, "a", MIN);
            h.end();
            assertThat(h.lines()).containsExactly("a[-4611686018427387904,4611686018427387904)=2");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void theWatermarkSaturatesWithTheLongestOutOfOrderness(int p) throws Exception {
        try (Harness h = Harness.of("time: { outOfOrderness: " + LONGEST + " }\nwindow: { kind: tumbling, size: 1s }")
                .parallelism(p).elementWatermarks()) {
            add(h, "a", MIN); // MIN - (2^62 - 1) - 1 is below -∞: no watermark yet
            assertThat(h.metrics().watermark()).isNull();
            add(h, "b", MAX); // MAX - (2^62 - 1) - 1 = -1: fires MIN's window
            assertThat(h.metrics().watermark()).isEqualTo(-1L);
            assertThat(h.lines()).containsExactly("a[-4611686018427388000,-4611686018427387000)=1");
        }
    }
}
