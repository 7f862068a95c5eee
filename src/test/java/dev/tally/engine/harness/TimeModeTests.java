package dev.tally.engine.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ingestion time: the reader's clock stamps each element, which is then treated as event time. */
class TimeModeTests {

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void ingestionTimeStampsElementsWithTheReaderClockAndWatermarksFollow(int p) throws Exception {
        try (Harness h = Harness.of("""
                time: { mode: ingestion }
                window: { kind: tumbling, size: 1s }
                """).parallelism(p).elementWatermarks()) {
            h.clock(1500).add(5, 10).add(2, 99_999);
            assertThat(h.results()).isEmpty();
            h.clock(2500).add(1, 0);
            assertThat(h.lines()).containsExactly("[1000,2000)=7");
            h.end();
            assertThat(h.lines()).containsExactly("[1000,2000)=7", "[2000,3000)=1");
        }
    }
}
