package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.runtime.KeyGroups;
import java.util.Random;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

/** Keys land in the same key group, and key groups on the same subtask, in the embedded engine and in Flink. */
class KeyGroupTests {

    @Test
    void keysLandInTheSameKeyGroupsAndSubtasksAsInFlink() {
        Random random = new Random(16);
        int[] maxParallelisms = {128, 256, 4096, 32768};
        int[] parallelisms = {1, 2, 3, 7, 128};
        int checked = 0;
        for (int i = 0; i < 20_000; i++) {
            String key = i % 2 == 0 ? "campaign-" + random.nextInt(1_000_000) : Long.toString(random.nextLong(), 36);
            for (int maxP : maxParallelisms) {
                int group = KeyGroups.keyGroup(key, maxP);
                assertThat(group).as(key).isEqualTo(KeyGroupRangeAssignment.assignToKeyGroup(key, maxP));
                for (int p : parallelisms) {
                    assertThat(KeyGroups.subtask(group, maxP, p)).as(key)
                            .isEqualTo(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxP, p, group));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(20_000 * 4 * 5);
    }

    @Test
    void firstKeyGroupOfEachSubtaskIsFlinks() {
        for (int maxP : new int[] {128, 4096}) {
            for (int p : new int[] {1, 2, 3, 5, 128}) {
                for (int s = 0; s < p; s++) {
                    assertThat(KeyGroups.firstKeyGroup(s, maxP, p)).isEqualTo(KeyGroupRangeAssignment
                            .computeKeyGroupRangeForOperatorIndex(maxP, p, s).getStartKeyGroup());
                }
            }
        }
    }
}
