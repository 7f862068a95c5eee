package dev.tally.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.window.Firing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 part 3 through snapshots: integer state stays exact when a job is stopped with a savepoint after
 * every input and restored at another parallelism, for every kind of window state (compact tables, whole panes,
 * sessions, buffered elements).
 */
class IntegerStateTests {

    private static final String AGGREGATES = "aggregates: [ { name: sum, kind: sum, field: v }, "
            + "{ name: min, kind: min, field: v }, { name: max, kind: max, field: v }, { name: n, kind: count } ]\n";
    private static final String[] RECORDS = {
            "{\"k\":\"a\",\"v\":-9223372026854775808,\"t\":1000}",
            "{\"k\":\"a\",\"v\":9223372026854775807,\"t\":1001}",
            "{\"k\":\"b\",\"v\":9007199254740993,\"t\":1002}",
            "{\"k\":\"a\",\"v\":1000,\"t\":1003}",
            "{\"k\":\"a\",\"v\":-500,\"t\":1004}"};
    private static final int[] PARALLELISM = {1, 3, 2, 3, 1};

    @TempDir
    Path dir;

    /** Results as {@code key=[values]}, after a savepoint (stop) and a restore between every two records. */
    private List<String> restoredBetweenInputs(String window) throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir.resolve(window.hashCode() + ""));
        List<String> out = new ArrayList<>();
        String restoreFrom = null;
        for (int i = 0; i < RECORDS.length; i++) {
            try (Harness h = Harness.of(window + AGGREGATES).parallelism(PARALLELISM[i]).snapshots(null, store)) {
                if (restoreFrom != null) {
                    h.restoreFrom(store, restoreFrom, Restore.Policy.FAIL);
                }
                h.raw(RECORDS[i]);
                if (i < RECORDS.length - 1) {
                    restoreFrom = h.savepoint(false, true);
                    if (i == 3) {
                        SavepointReader reader = new SavepointReader(store.open(restoreFrom));
                        assertThat(reader.value("b", window.contains("session") ? 1002 : 0)).get()
                                .satisfies(e -> assertThat(e.values().toString())
                                        .isEqualTo("[9007199254740993, 9007199254740993, 9007199254740993, 1]"));
                    }
                } else {
                    h.end();
                }
                h.results().stream().filter(r -> r.firing() == Firing.ON_TIME) // early ones see the same values
                        .forEach(r -> out.add(r.key() + "=" + r.values()));
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void integerStateIsExactAcrossSavepointsForEveryKindOfState() throws Exception {
        for (String window : List.of("window: { kind: tumbling, size: 10s }\n",
                "window: { kind: tumbling, size: 10s }\ntrigger: { early: 1s }\n",
                "window: { kind: session, gap: 10s }\n",
                "window: { kind: tumbling, size: 10s }\nevictor: { kind: count, count: 10 }\n")) {
            assertThat(restoredBetweenInputs(window)).as(window).containsExactly(
                    "a=[499, -9223372026854775808, 9223372026854775807, 4]",
                    "b=[9007199254740993, 9007199254740993, 9007199254740993, 1]");
        }
    }
}
