package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conformance cases 43–47 of semantics.md: evictors, and what windows hold. */
class EvictorConformanceTests {

    private static final String TUMBLING_1S = "window: { kind: tumbling, size: 1000ms }\n";

    /** {@code 5@0 2@250 6@500 3@750}, then W(999). */
    private static Harness fourElements(Harness h) {
        return h.add(5, 0).add(2, 250).add(6, 500).add(3, 750).watermark(999);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case43_countEvictorBeforeKeepsNewestTwo(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "evictor: { kind: count, count: 2 }").parallelism(p)) {
            fourElements(h);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=9 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case44_countEvictorAfterAggregatesAllThenKeepsTwo(int p) throws Exception {
        // allowed lateness keeps the window after its firing, so what it kept can be seen
        try (Harness h = Harness.of(TUMBLING_1S + "evictor: { kind: count, count: 2, after: true }\n"
                + "allowedLateness: 1000ms").parallelism(p)) {
            fourElements(h);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=16 ON_TIME#0");
            assertThat(h.metrics().panes()).isEqualTo(1);
            assertThat(h.metrics().bufferedElements()).isEqualTo(2);
            h.add(1, 800); // late firing over the two kept elements (6, 3) and the new one
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1000)=16 ON_TIME#0", "[0,1000)=10 LATE#1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case45_timeEvictorRemovesTsAtOrBeforeMaxMinusInterval(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "evictor: { kind: time, interval: 500ms }").parallelism(p)) {
            fourElements(h);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=9 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case46_deltaEvictorAgainstLastElement(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "evictor: { kind: delta, threshold: 3 }").parallelism(p)) {
            fourElements(h);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=10 ON_TIME#0");
        }
    }

    /** Case 47: 1 M elements of one key in one window, fed in bulk (one barrier after all of them). */
    private static final int N = 1_000_000;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case47_withoutEvictorOneKeyOneWindowHoldsOneAccumulator(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1d }").parallelism(p)) {
            h.addMany(N, i -> "{\"k\":\"k\",\"v\":1,\"t\":" + i + "}");
            assertThat(h.metrics().panes()).isEqualTo(1);
            assertThat(h.metrics().bufferedElements()).isZero();
            h.end();
            assertThat(h.values()).containsExactly((double) N);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case47_withEvictorOneKeyOneWindowHoldsEveryElement(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1d }\nevictor: { kind: time, interval: 1d }")
                .parallelism(p)) {
            h.addMany(N, i -> "{\"k\":\"k\",\"v\":1,\"t\":" + i + "}");
            assertThat(h.metrics().panes()).isEqualTo(1);
            assertThat(h.metrics().bufferedElements()).isEqualTo(N);
            h.end();
            assertThat(h.values()).containsExactly((double) N);
        }
    }
}
