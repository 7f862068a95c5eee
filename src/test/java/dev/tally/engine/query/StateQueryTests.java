package dev.tally.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.SavepointReader;
import dev.tally.engine.window.StateEntries;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live state queries of every kind against every window operator, through the real engine (readers, key-group
 * routing, subtasks) at parallelism 1 and 3, and the same queries against a savepoint of that state.
 */
class StateQueryTests {

    @TempDir
    Path dir;

    private static StateAnswer ask(Harness h, StateQuery q) throws Exception {
        return h.job().query(q).get(10, TimeUnit.SECONDS);
    }

    /** {@code key[start,end)=v#revision} of the first value, for readable assertions. */
    private static List<String> lines(StateAnswer a) {
        return a.entries().stream().map(StateQueryTests::line).toList();
    }

    private static String line(StateEntries.Entry e) {
        double v = e.values().doubleValue(0);
        String value = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        return e.key() + "[" + e.start() + "," + e.end() + ")=" + value + "#" + e.revision();
    }

    private Harness harness(String fragment, int p) {
        return Harness.of(fragment).parallelism(p).snapshots(new FileSnapshotStore(dir.resolve("checkpoints")),
                new FileSnapshotStore(dir.resolve("savepoints")));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void answersEveryKindOfQueryOnOpenTumblingWindows(int p) throws Exception {
        try (Harness h = harness("window: { kind: tumbling, size: 1s }", p)) {
            h.add("apple", 5, 100).add("apricot", 7, 200).add("banana", 2, 300).add("apple", 4, 1_100)
                    .add("cherry", 9, 1_200).add("avocado", 1, 1_300).watermark(500);

            assertThat(lines(ask(h, StateQuery.value("apple", 0)))).containsExactly("apple[0,1000)=5#0");
            assertThat(ask(h, StateQuery.value("apple", 2_000)).entries()).isEmpty();
            assertThat(ask(h, StateQuery.value("nobody", 0)).entries()).isEmpty();
            assertThat(lines(ask(h, StateQuery.windowsOf("apple"))))
                    .containsExactly("apple[0,1000)=5#0", "apple[1000,2000)=4#0");
            StateAnswer top = ask(h, StateQuery.top(0L, 2));
            assertThat(lines(top)).containsExactly("apricot[0,1000)=7#0", "apple[0,1000)=5#0");
            assertThat(top.truncated()).isTrue();
            assertThat(top.subtasks()).isEqualTo(p);
            assertThat(lines(ask(h, StateQuery.top(null, 2)))).containsExactly("cherry[1000,2000)=9#0",
                    "apricot[0,1000)=7#0");
            StateAnswer prefix = ask(h, StateQuery.prefix("a", null, 3));
            assertThat(lines(prefix)).containsExactly("apple[0,1000)=5#0", "apple[1000,2000)=4#0",
                    "apricot[0,1000)=7#0");
            assertThat(prefix.truncated()).isTrue();
            StateAnswer all = ask(h, StateQuery.prefix("a", 1_000L, 10));
            assertThat(lines(all)).containsExactly("apple[1000,2000)=4#0", "avocado[1000,2000)=1#0");
            assertThat(all.truncated()).isFalse();
            assertThat(all.watermark()).isEqualTo(500);

            h.watermark(999); // fires and drops [0, 1000): only the open window is left
            assertThat(ask(h, StateQuery.value("apple", 0)).entries()).isEmpty();
            assertThat(lines(ask(h, StateQuery.windowsOf("apple")))).containsExactly("apple[1000,2000)=4#0");
            assertThat(ask(h, StateQuery.windowsOf("apple")).watermark()).isEqualTo(999);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void savepointAnswersAsTheLiveJobDidWithItsCheckpointStamp(int p) throws Exception {
        try (Harness h = harness("window: { kind: tumbling, size: 1s }", p)) {
            for (int i = 0; i < 40; i++) {
                h.add("k" + i, i, i * 10L);
            }
            h.watermark(100);
            List<StateQuery> queries = List.of(StateQuery.value("k7", 0), StateQuery.windowsOf("k3"),
                    StateQuery.top(0L, 5), StateQuery.prefix("k1", null, 4), StateQuery.prefix("", 0L, 100));
            List<StateAnswer> live = new java.util.ArrayList<>();
            for (StateQuery q : queries) {
                live.add(ask(h, q));
            }
            String id = h.savepoint(false, false);
            StateAnswer after = ask(h, StateQuery.value("k7", 0));
            assertThat(after.snapshotId()).isEqualTo(id);
            assertThat(after.checkpointId()).isPositive();

            SavepointReader reader = new SavepointReader(new FileSnapshotStore(dir.resolve("savepoints")).open(id));
            for (int i = 0; i < queries.size(); i++) {
                StateAnswer stored = reader.query(queries.get(i));
                assertThat(lines(stored)).as(queries.get(i).toString()).isEqualTo(lines(live.get(i)));
                assertThat(stored.truncated()).isEqualTo(live.get(i).truncated());
                assertThat(stored.watermark()).isEqualTo(100);
                assertThat(stored.snapshotId()).isEqualTo(id);
            }
            assertThat(lines(live.get(2))).containsExactly("k39[0,1000)=39#0", "k38[0,1000)=38#0",
                    "k37[0,1000)=37#0", "k36[0,1000)=36#0", "k35[0,1000)=35#0");
            assertThat(live.get(4).entries()).hasSize(40);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void readsPanesOfTheGeneralTimeWindowOperatorWithAnEvictor(int p) throws Exception {
        // an evictor makes the engine buffer elements (the general operator, not the compact one)
        try (Harness h = harness("window: { kind: sliding, size: 2s, slide: 1s }\n"
                + "evictor: { kind: count, count: 2 }", p)) {
            h.add("a", 1, 100).add("a", 2, 200).add("a", 3, 1_500).add("b", 10, 1_600).watermark(50);
            assertThat(lines(ask(h, StateQuery.windowsOf("a")))).containsExactly("a[-1000,1000)=3#0",
                    "a[0,2000)=6#0", "a[1000,3000)=3#0");
            assertThat(lines(ask(h, StateQuery.top(1_000L, 1)))).containsExactly("b[1000,3000)=10#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void readsSessionsAndTheirMerges(int p) throws Exception {
        try (Harness h = harness("window: { kind: session, gap: 600ms }", p)) {
            h.add("a", 1, 0).add("a", 2, 1_000).add("b", 5, 100).watermark(200);
            assertThat(lines(ask(h, StateQuery.windowsOf("a")))).containsExactly("a[0,600)=1#0", "a[1000,1600)=2#0");
            h.add("a", 4, 500); // bridges both sessions of a
            assertThat(lines(ask(h, StateQuery.windowsOf("a")))).containsExactly("a[0,1600)=7#0");
            assertThat(lines(ask(h, StateQuery.value("a", 0)))).containsExactly("a[0,1600)=7#0");
            assertThat(lines(ask(h, StateQuery.top(null, 5)))).containsExactly("a[0,1600)=7#0", "b[100,700)=5#0");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void readsCountAndGlobalWindowsAsTheSpanOfTheirElements(int p) throws Exception {
        try (Harness h = harness("window: { kind: count, count: 3 }", p)) {
            h.add("a", 1, 10).add("a", 2, 20).add("b", 4, 5).add("a", 8, 30).add("a", 16, 40);
            // a's first count window fired at 3 elements (and purged); 16 waits in the next one
            assertThat(lines(ask(h, StateQuery.windowsOf("a")))).containsExactly("a[40,41)=16#0");
            assertThat(lines(ask(h, StateQuery.prefix("", null, 10)))).containsExactly("a[40,41)=16#0",
                    "b[5,6)=4#0");
        }
        try (Harness h = harness("window: { kind: global }\ntrigger: { early: 1s }", p)) {
            h.add("a", 1, 10).add("a", 2, 20).add("b", 4, 5).watermark(1_500);
            h.add("a", 3, 1_600);
            assertThat(lines(ask(h, StateQuery.windowsOf("a")))).containsExactly("a[10,1601)=6#1");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void refusesQueriesOnceTheJobHasEnded(int p) throws Exception {
        try (Harness h = harness("window: { kind: tumbling, size: 1s }", p)) {
            h.add("a", 1, 10).end();
            assertThatThrownBy(() -> h.job().query(StateQuery.value("a", 0)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not running");
        }
    }

    @org.junit.jupiter.api.Test
    void refusesMalformedQueriesNamingTheField() {
        assertThatThrownBy(() -> StateQuery.value("", 0)).hasMessageStartingWith("key: ");
        assertThatThrownBy(() -> StateQuery.top(0L, 0)).hasMessageStartingWith("limit: ");
        assertThatThrownBy(() -> StateQuery.prefix(null, null, 5)).hasMessageStartingWith("prefix: ");
        assertThatThrownBy(() -> new StateQuery(StateQuery.Kind.VALUE, "a", null, 1))
                .hasMessageStartingWith("windowStart: ");
    }
}
