package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.spec.SpecError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance cases 23–29 of semantics.md: count and global windows. Every step is a barrier, so the order in
 * which results were emitted is the input order at any parallelism.
 */
class CountAndGlobalConformanceTests {

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case23_keyedCountTwoFiresInInputOrder(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: count, count: 2 }").parallelism(p)) {
            TalkStream.feedKeyed(h).end();
            assertThat(TalkStream.keyValues(h.emitted())).containsExactly("A=11", "C=10", "B=5", "A=6", "C=17", "B=6");
            // count windows report the event-time span of their elements: A's first pair is 5@0 and 6@500
            assertThat(TalkStream.describe(h.emitted().get(0))).isEqualTo("A[0,501)=11 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case24_countThreeLeftoversNotEmittedAtEnd(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: count, count: 3 }").parallelism(p)) {
            TalkStream.feedKeyed(h);
            assertThat(TalkStream.keyValues(h.emitted())).containsExactlyInAnyOrder("A=16", "B=7", "C=18");
            h.end();
            assertThat(TalkStream.keyValues(h.emitted())).containsExactlyInAnyOrder("A=16", "B=7", "C=18");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case25_countThreeWithFlushOnEndEmitsLeftovers_differsFromFlink(int p) throws Exception {
        // differs from Flink: flushOnEnd is our option; Flink never fires a partly filled count window
        try (Harness h = Harness.of("window: { kind: count, count: 3, flushOnEnd: true }").parallelism(p)) {
            TalkStream.feedKeyed(h);
            assertThat(TalkStream.keyValues(h.emitted())).containsExactlyInAnyOrder("A=16", "B=7", "C=18");
            h.end();
            assertThat(TalkStream.keyValues(h.emitted()))
                    .containsExactlyInAnyOrder("A=16", "B=7", "C=18", "A=1", "B=4", "C=9");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case26_unkeyedSlidingCount(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: count, count: 4, countSlide: 2 }").parallelism(p)) {
            TalkStream.feed(h).end();
            assertThat(TalkStream.values(h.emitted())).containsExactly(7.0, 16.0, 21.0, 23.0, 14.0, 16.0);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case27_countWindowsIgnoreTime(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: count, count: 2 }").parallelism(p)) {
            h.add(5, 1000).add(2, 0).watermark(5000).add(6, 10);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1001)=7 ON_TIME#0");
            assertThat(h.metrics().lateDropped()).isZero();
            h.add(1, 20); // the pending 6 was kept: it pairs with the next element
            assertThat(TalkStream.values(h.emitted())).containsExactly(7.0, 7.0);
            h.end();
            assertThat(h.metrics().lateDropped()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case28_globalWindowWithoutTriggerNeverFires(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: global }").parallelism(p)) {
            TalkStream.feedKeyed(h).watermark(10_000);
            assertThat(h.results()).isEmpty();
            h.end();
            assertThat(h.results()).isEmpty();
            assertThat(h.warnings()).extracting(SpecError::pointer).contains("/window/kind");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case29_unkeyedCountTwo(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: count, count: 2 }").parallelism(p)) {
            TalkStream.feed(h).end();
            assertThat(TalkStream.values(h.emitted())).containsExactly(7.0, 9.0, 12.0, 11.0, 3.0, 13.0);
        }
    }
}
