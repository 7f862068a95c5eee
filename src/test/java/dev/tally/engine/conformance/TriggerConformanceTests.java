package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.window.WindowResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance cases 36–42 of semantics.md: triggers. Every step is a barrier, so the emission order is the order
 * of the steps at any parallelism. Differs from Flink: every result carries firing (EARLY/ON_TIME/LATE) and a
 * revision.
 */
class TriggerConformanceTests {

    private static final String TUMBLING_1S = "window: { kind: tumbling, size: 1s }\n";

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case36_countTriggerReplacesDefaultAndValidatorWarns(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "trigger: { count: 2 }").parallelism(p)) {
            assertThat(h.warnings()).extracting(SpecError::pointer).contains("/trigger/count");
            h.add(5, 0).add(2, 250).add(6, 500).end();
            assertThat(h.values()).containsExactly(7.0);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case37_countTriggerAccumulating(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "trigger: { count: 2 }").parallelism(p)) {
            TalkStream.feed(h).end();
            assertThat(TalkStream.values(h.emitted())).containsExactly(7.0, 16.0, 12.0, 23.0, 3.0, 16.0);
            assertThat(h.results()).extracting(WindowResult::revision).containsExactly(0, 1, 0, 1, 0, 1);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case38_countTriggerPurging(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "trigger: { count: 2, purge: true }").parallelism(p)) {
            TalkStream.feed(h).end();
            assertThat(TalkStream.values(h.emitted())).containsExactly(7.0, 9.0, 12.0, 11.0, 3.0, 13.0);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case39_earlyFiringsFollowTheWatermark(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 2000ms }\ntrigger: { early: 500ms }")
                .parallelism(p)) {
            h.add(5, 0).watermark(500);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,2000)=5 EARLY#0");
            h.add(2, 600).watermark(1000);
            h.add(6, 1200).watermark(1500);
            assertThat(TalkStream.describe(h.emitted()))
                    .containsExactly("[0,2000)=5 EARLY#0", "[0,2000)=7 EARLY#1", "[0,2000)=13 EARLY#2");
            h.watermark(1999);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,2000)=5 EARLY#0", "[0,2000)=7 EARLY#1",
                    "[0,2000)=13 EARLY#2", "[0,2000)=13 ON_TIME#3");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case40_oneWatermarkJumpRunsEveryEarlyFiringWithTheFullContents(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 2000ms }\ntrigger: { early: 500ms }")
                .parallelism(p)) {
            h.add(5, 0).add(2, 600).add(6, 1200);
            assertThat(h.results()).isEmpty();
            h.watermark(1999);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,2000)=13 EARLY#0", "[0,2000)=13 EARLY#1",
                    "[0,2000)=13 EARLY#2", "[0,2000)=13 ON_TIME#3");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case41_processingTimeWindowFiresWhenClockReachesEndMinusOne(int p) throws Exception {
        try (Harness h = Harness.of("time: { mode: processing }\n" + TUMBLING_1S).parallelism(p)) {
            h.clock(100).add(5, 0).clock(900).add(2, 0).clock(998);
            assertThat(h.results()).isEmpty();
            h.clock(999);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=7 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case41_processingTimeTriggerOnEventTimeWindows(int p) throws Exception {
        // the same with the processing-time trigger on event-time windows (event times 100 and 900)
        try (Harness h = Harness.of(TUMBLING_1S + "trigger: { processingTime: true }").parallelism(p)) {
            h.clock(100).add(5, 100).clock(900).add(2, 900).clock(998);
            assertThat(h.results()).isEmpty();
            h.clock(999);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=7 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case42_lateFiringWithinLatenessAccumulates(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "allowedLateness: 1000ms").parallelism(p)) {
            h.add(5, 0).watermark(999);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1000)=5 ON_TIME#0");
            h.add(2, 500); // differs from Flink: firing LATE and revision 1 are part of the result record
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1000)=5 ON_TIME#0", "[0,1000)=7 LATE#1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case42_lateFiringWithPurgeEmitsOnlyTheNewElement(int p) throws Exception {
        try (Harness h = Harness.of(TUMBLING_1S + "allowedLateness: 1000ms\ntrigger: { purge: true }").parallelism(p)) {
            h.add(5, 0).watermark(999);
            h.add(2, 500);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1000)=5 ON_TIME#0", "[0,1000)=2 LATE#1");
        }
    }
}
