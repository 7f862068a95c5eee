package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.runtime.LateElement;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conformance cases 48–52 of semantics.md: allowed lateness, late-dropped elements and the late output. */
class LatenessConformanceTests {

    /** Tumbling 1 s, watermarks from the elements with out-of-orderness 100 ms. */
    private static final String OOO_100 = "time: { outOfOrderness: 100ms }\nwindow: { kind: tumbling, size: 1s }\n";
    private static final String LATE_OUTPUT = "sinks: [ { kind: table, output: late } ]\n";

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case48_elementOfFiredWindowIsLateDropped(int p) throws Exception {
        try (Harness h = Harness.of(OOO_100).parallelism(p).elementWatermarks()) {
            h.add(5, 0).add(7, 1100); // watermark 999
            assertThat(h.lines()).containsExactly("[0,1000)=5");
            h.add(2, 250);
            assertThat(h.lines()).containsExactly("[0,1000)=5");
            assertThat(h.metrics().lateDropped()).isEqualTo(1);
            assertThat(h.late()).isEmpty(); // no late output configured
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case49_lateElementGoesToLateOutputWithItsTimestamp(int p) throws Exception {
        try (Harness h = Harness.of(OOO_100 + LATE_OUTPUT).parallelism(p).elementWatermarks()) {
            h.add(5, 0).add(7, 1100).add(2, 250);
            assertThat(h.late()).extracting(LateElement::key, LateElement::ts)
                    .containsExactly(tuple("", 250L));
            assertThat(h.late().get(0).excerpt()).contains("\"t\":250");
            assertThat(h.lines()).containsExactly("[0,1000)=5");
            assertThat(h.metrics().lateDropped()).isEqualTo(1);
            h.end();
            assertThat(h.lines()).containsExactly("[0,1000)=5", "[1000,2000)=7");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case50_latenessKeepsWindowUntilMaxTsPlusLThenLateOutput(int p) throws Exception {
        try (Harness h = Harness.of(OOO_100 + LATE_OUTPUT + "allowedLateness: 200ms").parallelism(p)
                .elementWatermarks()) {
            h.add(5, 0).add(7, 1100);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1000)=5 ON_TIME#0");
            h.add(2, 250);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1000)=5 ON_TIME#0", "[0,1000)=7 LATE#1");
            h.add(9, 1300); // watermark 1199 = 999 + 200: window [0,1000) cleaned
            h.add(4, 600);
            assertThat(h.late()).extracting(LateElement::ts).containsExactly(600L);
            assertThat(h.metrics().lateDropped()).isEqualTo(1);
            assertThat(h.emitted()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case50_oneMillisecondBeforeCleanupTheElementIsAddedAndFires(int p) throws Exception {
        try (Harness h = Harness.of(OOO_100 + LATE_OUTPUT + "allowedLateness: 200ms").parallelism(p)
                .elementWatermarks()) {
            h.add(5, 0).add(7, 1100).add(2, 250);
            h.add(9, 1299); // watermark 1198
            h.add(4, 600);
            assertThat(TalkStream.describe(h.emitted())).containsExactly("[0,1000)=5 ON_TIME#0", "[0,1000)=7 LATE#1",
                    "[0,1000)=11 LATE#2");
            assertThat(h.late()).isEmpty();
            assertThat(h.metrics().lateDropped()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case51_slidingElementSkippedByOneWindowButKeptByAnotherIsNotLate(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: sliding, size: 1000ms, slide: 500ms }\n" + LATE_OUTPUT)
                .parallelism(p)) {
            h.watermark(1000).add(7, 700);
            assertThat(h.late()).isEmpty();
            assertThat(h.metrics().lateDropped()).isZero();
            h.end();
            assertThat(TalkStream.describe(h.results())).containsExactly("[500,1500)=7 ON_TIME#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case52_processingTimeWindowsIgnoreAllowedLateness(int p) throws Exception {
        try (Harness h = Harness.of("time: { mode: processing }\nwindow: { kind: tumbling, size: 1000ms }\n"
                + "allowedLateness: 1000ms").parallelism(p)) {
            assertThat(h.warnings()).extracting(SpecError::pointer).contains("/allowedLateness");
            h.clock(100).add(5, 0).clock(999);
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=5 ON_TIME#0");
            assertThat(h.metrics().panes()).as("no state kept for lateness").isZero();
            h.clock(1200).add(2, 0).clock(1999).end();
            assertThat(TalkStream.describe(h.results())).containsExactly("[0,1000)=5 ON_TIME#0",
                    "[1000,2000)=2 ON_TIME#0");
            assertThat(h.results()).extracting(WindowResult::firing).doesNotContain(Firing.LATE);
        }
    }
}
