package dev.tally.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.runtime.DeadLetter;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.spec.SpecException;
import dev.tally.engine.spec.SpecParser;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Conformance cases 1–10 of semantics.md: which windows an element belongs to. */
class WindowAssignmentConformanceTests {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case01_tumblingIsHalfOpen(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1000ms }").parallelism(p)) {
            h.add("x", 1, 0).add("y", 1, 999).add("z", 1, 1000).end();
            assertThat(h.lines()).containsExactly("x[0,1000)=1", "y[0,1000)=1", "z[1000,2000)=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case02_tumblingHourWithQuarterOffset(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1h, offset: 15m }").parallelism(p)) {
            h.add("x", 1, at("2024-01-01T01:14:59.999Z")).add("y", 1, at("2024-01-01T01:15:00.000Z")).end();
            assertThat(h.lines()).containsExactly(
                    "x[" + at("2024-01-01T00:15:00Z") + "," + at("2024-01-01T01:15:00Z") + ")=1",
                    "y[" + at("2024-01-01T01:15:00Z") + "," + at("2024-01-01T02:15:00Z") + ")=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case03_dayWindowsInUtcMinus8ViaNegativeOffset(int p) throws Exception {
        // ISO-8601 timestamps in the event, as the time spec allows
        try (Harness h = Harness.of("""
                time: { format: iso-8601 }
                window: { kind: tumbling, size: 1d, offset: -8h }
                """).parallelism(p)) {
            h.raw("{\"v\":1,\"t\":\"2024-01-01T15:59:59.999Z\"}").end();
            assertThat(h.lines()).containsExactly(
                    "[" + at("2023-12-31T16:00:00Z") + "," + at("2024-01-01T16:00:00Z") + ")=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case04_negativeTimestampsUseFloor(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1000ms }").parallelism(p)) {
            h.add("x", 1, -1).add("y", 1, -1000).add("z", 1, -1001).end();
            assertThat(h.lines()).containsExactly("z[-2000,-1000)=1", "x[-1000,0)=1", "y[-1000,0)=1");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{ kind: tumbling, size: 1s, offset: 1s }                     | /window/offset | smaller than size",
        "{ kind: tumbling, size: 1s, offset: -1500ms }                | /window/offset | smaller than size",
        "{ kind: sliding, size: 1s, slide: 500ms, offset: 500ms }     | /window/offset | smaller than slide",
        "{ kind: sliding, size: 1s, slide: 500ms, offset: -600ms }    | /window/offset | smaller than slide",
        "{ kind: tumbling, size: 0ms }                                | /window/size   | must be positive",
        "{ kind: sliding, size: -1s, slide: 500ms }                   | /window/size   | must be positive",
        "{ kind: session, gap: 0s }                                   | /window/gap    | must be positive",
        "{ kind: session, gap: -1s }                                  | /window/gap    | must be positive"})
    void case05_invalidWindowIsAValidationErrorNamingTheField(String window, String pointer, String message) {
        String yaml = """
                name: invalid-window
                source: { kind: file, path: events.jsonl }
                time: { field: t }
                aggregates: [ { name: v, kind: sum, field: v } ]
                window:\s""" + window + "\n";
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(yaml));
        assertThat(e).as("spec %s must be rejected", window).isNotNull();
        assertThat(e.errors()).extracting(SpecError::pointer).containsExactly(pointer);
        assertThat(e.errors().get(0).message()).contains(message);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case06_slidingHalfOverlapPartialWindowsAtTheEdge(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: sliding, size: 1000ms, slide: 500ms }").parallelism(p)) {
            h.add("x", 1, 0).add("y", 1, 500).end();
            assertThat(h.lines()).containsExactly("x[-500,500)=1", "x[0,1000)=1", "y[0,1000)=1", "y[500,1500)=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case07_slidingUnevenSlideGivesFourOrThreeWindows(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: sliding, size: 1000ms, slide: 300ms }").parallelism(p)) {
            h.add("x", 1, 0).add("y", 1, 100).end();
            assertThat(h.lines()).containsExactly("x[-900,100)=1", "x[-600,400)=1", "y[-600,400)=1",
                    "x[-300,700)=1", "y[-300,700)=1", "x[0,1000)=1", "y[0,1000)=1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case08_slideLargerThanSizeElementBetweenWindowsIsNotLate(int p) throws Exception {
        try (Harness h = Harness.of("""
                window: { kind: sliding, size: 500ms, slide: 1000ms }
                sinks: [ { kind: table, output: late } ]
                """).parallelism(p)) {
            h.add(7, 700).end();
            assertThat(h.results()).isEmpty();
            assertThat(h.metrics().lateDropped()).isZero();
            assertThat(h.late()).isEmpty();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case09_eventWithoutTimestampGoesToDeadLettersAndJobContinues(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(p)) {
            h.raw("{\"v\":3}").raw("{\"v\":4,\"t\":\"soon\"}").add(5, 0).end();
            assertThat(h.deadLetters()).extracting(DeadLetter::reason)
                    .containsExactly(DeadLetterReason.MISSING_TIMESTAMP, DeadLetterReason.INVALID_TIMESTAMP);
            assertThat(h.deadLetters().get(0).excerpt()).isEqualTo("{\"v\":3}");
            assertThat(h.metrics().deadLetters()).isEqualTo(2);
            assertThat(h.lines()).containsExactly("[0,1000)=5");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case10_processingTimeWindowIgnoresEventTimestamp(int p) throws Exception {
        try (Harness h = Harness.of("""
                time: { mode: processing }
                window: { kind: tumbling, size: 1000ms }
                """).parallelism(p)) {
            h.clock(1500).add(5, 10).clock(1998);
            assertThat(h.results()).isEmpty();
            h.clock(1999);
            assertThat(h.lines()).containsExactly("[1000,2000)=5");
        }
    }
}
