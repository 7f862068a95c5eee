package dev.tally.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.runtime.KeyGroups;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rescale plan's ranges follow Flink's key-group assignment and its key counts are the snapshot's real ones. */
class RescalePlanTests {

    @TempDir
    Path dir;

    @Test
    void countsTheKeysOfEachRangeBeforeAndAfterFromTheSnapshot() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        int keys = 1000;
        String id;
        try (Harness h = Harness.of("window: { kind: sliding, size: 2s, slide: 1s }\nmaxParallelism: 16").parallelism(2)
                .elementWatermarks().snapshots(null, store)) {
            for (int k = 0; k < keys; k++) {
                h.add("key-" + k, 1, 100); // two windows, [-1000, 1000) and [0, 2000): still one key
            }
            id = h.savepoint(false, true);
        }
        RescalePlan plan = RescalePlan.of(store.open(id), 3);
        assertThat(plan.from()).isEqualTo(2);
        assertThat(plan.to()).isEqualTo(3);
        assertThat(plan.keys()).isEqualTo(keys);
        long[] expectedAfter = new long[3];
        long[] expectedBefore = new long[2];
        for (int k = 0; k < keys; k++) {
            int group = KeyGroups.keyGroup("key-" + k, 16);
            expectedAfter[KeyGroups.subtask(group, 16, 3)]++;
            expectedBefore[KeyGroups.subtask(group, 16, 2)]++;
        }
        assertThat(plan.after()).extracting(RescalePlan.Range::keys).containsExactly(expectedAfter[0],
                expectedAfter[1], expectedAfter[2]);
        assertThat(plan.before()).extracting(RescalePlan.Range::keys).containsExactly(expectedBefore[0],
                expectedBefore[1]);
        assertThat(plan.after()).extracting(r -> r.firstKeyGroup() + "-" + r.lastKeyGroup())
                .containsExactly("0-5", "6-10", "11-15");
        assertThat(plan.skewAfter()).isGreaterThanOrEqualTo(1.0).isLessThan(1.5);
        assertThatThrownBy(() -> RescalePlan.of(store.open(id), 17)).hasMessageContaining("parallelism:");
    }
}
