package dev.tally.engine.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.Restore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #11 part 5: the early trigger keeps one timer chain per key and window, started by its first element, and
 * fires each multiple of the interval at most once (as Flink's ContinuousEventTimeTrigger); a later element never
 * restarts a chain that has run out, also across a savepoint and restore.
 */
class EarlyTriggerChainTests {

    static final String SPEC = """
            time: { outOfOrderness: 1s }
            filter: event_type == "view"
            window: { kind: tumbling, size: 10s }
            trigger: { early: 2s }
            aggregates: [ { name: n, kind: count } ]
            """;

    @TempDir
    Path dir;

    static String event(String type, long t) {
        return "{\"k\":\"c\",\"event_type\":\"" + type + "\",\"t\":" + t + "}";
    }

    static List<String> describe(List<WindowResult> results) {
        return results.stream().map(r -> r.key() + "[" + r.start() + "," + r.end() + ")="
                + new BigDecimal(r.values().text(0)).stripTrailingZeros().toPlainString() + " "
                + r.firing() + "#" + r.revision()).toList();
    }

    private static final List<String> EXPECTED = List.of("c[0,10000)=1 EARLY#0", "c[0,10000)=1 EARLY#1",
            "c[0,10000)=1 EARLY#2", "c[0,10000)=1 EARLY#3", "c[0,10000)=2 ON_TIME#4");

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aLaterElementNeverRestartsAChainThatHasRunOut(int p) throws Exception {
        try (Harness h = Harness.of(SPEC).parallelism(p).elementWatermarks()) {
            h.raw(event("view", 1000)).raw(event("click", 9100)).raw(event("view", 5000)).raw(event("click", 30000));
            assertThat(describe(h.results())).containsExactlyElementsOf(EXPECTED);
        }
    }

    @ParameterizedTest(name = "restore at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aChainThatHasRunOutStaysSoAcrossASavepoint(int p) throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir.resolve("savepoints"));
        String id;
        List<WindowResult> before;
        try (Harness h = Harness.of(SPEC).parallelism(2).elementWatermarks().snapshots(null, store)) {
            h.raw(event("view", 1000)).raw(event("click", 9100));
            id = h.savepoint(false, true);
            before = h.results();
        }
        try (Harness h = Harness.of(SPEC).parallelism(p).elementWatermarks().snapshots(null, store)
                .restoreFrom(store, id, Restore.Policy.FAIL)) {
            h.raw(event("view", 5000)).raw(event("click", 30000));
            List<WindowResult> all = new java.util.ArrayList<>(before);
            all.addAll(h.results());
            assertThat(describe(all)).containsExactlyElementsOf(EXPECTED);
        }
    }

    @ParameterizedTest(name = "restore at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aPendingChainContinuesAfterASavepoint(int p) throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir.resolve("savepoints"));
        String id;
        List<WindowResult> before;
        try (Harness h = Harness.of(SPEC).parallelism(2).elementWatermarks().snapshots(null, store)) {
            h.raw(event("view", 1000)).raw(event("click", 4500)); // watermark 3499: fires 2000, next is 4000
            id = h.savepoint(false, true);
            before = h.results();
        }
        try (Harness h = Harness.of(SPEC).parallelism(p).elementWatermarks().snapshots(null, store)
                .restoreFrom(store, id, Restore.Policy.FAIL)) {
            h.raw(event("click", 9100)).raw(event("view", 5000)).raw(event("click", 30000));
            List<WindowResult> all = new java.util.ArrayList<>(before);
            all.addAll(h.results());
            assertThat(describe(all)).containsExactlyElementsOf(EXPECTED);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aFirstElementWhoseNextMultipleIsTheWindowsEndStartsNoChain(int p) throws Exception {
        // [0,10000) every 2 s: 9500's next multiple is 10000, past the window's last ms, so the chain ends at
        // once (Flink keeps maxTimestamp as its fire time); 1000 arriving later starts nothing
        try (Harness h = Harness.of(SPEC).parallelism(p).elementWatermarks()) {
            h.raw(event("view", 9500)).raw(event("view", 1000)).raw(event("click", 30000));
            assertThat(describe(h.results())).containsExactly("c[0,10000)=2 ON_TIME#0");
        }
    }
}
