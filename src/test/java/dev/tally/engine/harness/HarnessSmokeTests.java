package dev.tally.engine.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HarnessSmokeTests {

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case11_firesWhenWatermarkReachesEndMinusOne(int p) throws Exception {
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(p)) {
            h.add(5, 0).add(2, 250).add(6, 500).add(3, 750).watermark(998);
            assertThat(h.results()).isEmpty();
            h.watermark(999);
            assertThat(h.values()).containsExactly(16.0);
            assertThat(h.results().get(0).timestamp()).isEqualTo(999);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void case20_keyedTalkStream(int p) throws Exception {
        String[] keys = {"A", "B", "A", "C", "C", "A", "B", "C", "B", "A", "C", "B"};
        long[] vals = {5, 2, 6, 3, 7, 5, 3, 8, 2, 1, 9, 4};
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(p)) {
            for (int i = 0; i < keys.length; i++) {
                h.add(keys[i], vals[i], i * 250L);
            }
            h.end();
            assertThat(h.lines()).containsExactly("A[0,1000)=11", "B[0,1000)=2", "C[0,1000)=3", "A[1000,2000)=5",
                    "B[1000,2000)=3", "C[1000,2000)=15", "A[2000,3000)=1", "B[2000,3000)=6", "C[2000,3000)=9");
        }
    }
}
