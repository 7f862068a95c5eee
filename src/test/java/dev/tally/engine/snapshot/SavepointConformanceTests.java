package dev.tally.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conformance cases 60–63 and the savepoint guarantees of the fault-tolerance issue. */
class SavepointConformanceTests {

    private static final String[] KEYS = {"A", "B", "A", "C", "C", "A", "B", "C", "B", "A", "C", "B"};
    private static final long[] VALUES = {5, 2, 6, 3, 7, 5, 3, 8, 2, 1, 9, 4};

    @TempDir
    Path dir;

    private FileSnapshotStore store() {
        return new FileSnapshotStore(dir.resolve("savepoints"));
    }

    private static void talk(Harness h, int from, int to) {
        for (int i = from; i < to; i++) {
            h.add(KEYS[i], VALUES[i], i * 250L);
        }
    }

    /** The keyed talk stream fed in segments, with a savepoint (stop) and a restore at the next parallelism. */
    private List<String> rescaled(String spec, int[] parallelism, int[] cuts) throws Exception {
        FileSnapshotStore store = store();
        List<String> lines = new ArrayList<>();
        String restoreFrom = null;
        for (int i = 0; i < parallelism.length; i++) {
            try (Harness h = Harness.of(spec).parallelism(parallelism[i]).elementWatermarks().snapshots(null, store)) {
                if (restoreFrom != null) {
                    h.restoreFrom(store, restoreFrom, Restore.Policy.FAIL);
                }
                talk(h, cuts[i], cuts[i + 1]);
                if (i < parallelism.length - 1) {
                    restoreFrom = h.savepoint(false, true);
                } else {
                    h.end();
                }
                lines.addAll(h.lines());
            }
        }
        lines.sort(null);
        return lines;
    }

    private static List<String> uninterrupted(String spec) throws Exception {
        try (Harness h = Harness.of(spec).elementWatermarks()) {
            talk(h, 0, KEYS.length);
            h.end();
            List<String> lines = new ArrayList<>(h.lines());
            lines.sort(null);
            return lines;
        }
    }

    @Test
    void case60_rescaleTwoToThreeInTheMiddleOfAWindowGivesTheUninterruptedResults() throws Exception {
        String spec = "window: { kind: tumbling, size: 1s }";
        assertThat(rescaled(spec, new int[] {2, 3}, new int[] {0, 6, 12})).isEqualTo(uninterrupted(spec));
    }

    @Test
    void rescaleTwoToThreeToOneKeepsResultsIdenticalForEveryWindowKind() throws Exception {
        for (String spec : List.of("window: { kind: tumbling, size: 1s }",
                "window: { kind: sliding, size: 1s, slide: 500ms }", "window: { kind: session, gap: 600ms }",
                "window: { kind: count, count: 2 }", "window: { kind: tumbling, size: 1s }\nallowedLateness: 1s")) {
            assertThat(rescaled(spec, new int[] {2, 3, 1}, new int[] {0, 3, 7, 12})).as(spec)
                    .isEqualTo(uninterrupted(spec));
        }
    }

    @Test
    void case61_restoreWithAnotherMaxParallelismIsRefused() throws Exception {
        FileSnapshotStore store = store();
        String id;
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").snapshots(null, store)) {
            h.add("A", 1, 0);
            id = h.savepoint(false, true);
        }
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }\nmaxParallelism: 64")
                .restoreFrom(store, id, Restore.Policy.RESET_WINDOWS)) {
            assertThatThrownBy(h::started).isInstanceOf(SnapshotException.class)
                    .hasMessageContaining("max parallelism 128; this job has 64");
        }
    }

    @Test
    void case62_anotherWindowSizeIsIncompatibleAndEachPolicyDoesWhatItSays() throws Exception {
        FileSnapshotStore store = store();
        String id;
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").snapshots(null, store)) {
            h.add("A", 5, 100).add("A", 2, 1200).watermark(999);
            assertThat(h.lines()).containsExactly("A[0,1000)=5");
            id = h.savepoint(false, true);
        }
        String twoSeconds = "window: { kind: tumbling, size: 2s }";
        Compatibility.Report report = Compatibility.check(SpecParser.parse(base("{ kind: tumbling, size: 1s }")).spec(),
                SpecParser.parse(base("{ kind: tumbling, size: 2s }")).spec());
        assertThat(report.compatible()).isFalse();
        assertThat(report.changes()).extracting(Compatibility.Change::field).containsExactly("/window");
        try (Harness h = Harness.of(twoSeconds).restoreFrom(store, id, Restore.Policy.FAIL)) {
            assertThatThrownBy(h::started).isInstanceOf(SnapshotException.class).hasMessageContaining("window.size: 1s → 2s");
        }
        try (Harness h = Harness.of(twoSeconds).restoreFrom(store, id, Restore.Policy.RESET_WINDOWS)) {
            h.add("A", 3, 1500).add("A", 4, 500).end();
            // windows start empty (the 2@1200 counted by version 1 is gone) but the watermark 999 is kept: 4@500
            // belongs to [0,2000), which is not late at 999, so it is added
            assertThat(h.lines()).containsExactly("A[0,2000)=7");
        }
        try (Harness h = Harness.of(twoSeconds).restoreFrom(store, id, Restore.Policy.DRAIN_FIRST)) {
            h.add("A", 3, 1500).end();
            // version 1's open window [1000,2000)=2 is fired with version 1's spec before version 2 starts
            assertThat(h.lines()).containsExactly("A[0,2000)=3", "A[1000,2000)=2");
        }
    }

    @Test
    void case63_watermarkIsRestoredSoLateDecisionsRepeat() throws Exception {
        FileSnapshotStore store = store();
        String spec = "time: { outOfOrderness: 100ms }\nwindow: { kind: tumbling, size: 1s }";
        String id;
        try (Harness h = Harness.of(spec).elementWatermarks().snapshots(null, store)) {
            h.add(5, 0).add(7, 1100);
            assertThat(h.values()).containsExactly(5.0);
            id = h.savepoint(false, true);
        }
        try (Harness h = Harness.of(spec).elementWatermarks().restoreFrom(store, id, Restore.Policy.FAIL)) {
            h.add(2, 250);
            assertThat(h.metrics().lateDropped()).isEqualTo(1); // differs from Flink: the watermark is in the snapshot
            h.end();
            assertThat(h.lines()).containsExactly("[1000,2000)=7");
        }
    }

    @Test
    void savepointRestoreSavepointGivesByteIdenticalDataFiles() throws Exception {
        FileSnapshotStore store = store();
        String spec = "window: { kind: session, gap: 600ms }\naggregates: [ { name: v, kind: sum, field: v },"
                + " { name: n, kind: distinct, field: k } ]";
        String first;
        try (Harness h = Harness.of(spec).parallelism(2).snapshots(null, store)) {
            talk(h, 0, 9);
            first = h.savepoint(false, true);
        }
        String second;
        try (Harness h = Harness.of(spec).parallelism(3).snapshots(null, store)
                .restoreFrom(store, first, Restore.Policy.FAIL)) {
            second = h.savepoint(false, true);
        }
        Manifest a = store.open(first).manifest();
        Manifest b = store.open(second).manifest();
        assertThat(b.parent()).isEqualTo(first);
        assertThat(b.keyGroups()).isEqualTo(a.keyGroups());
        assertThat(a.entries()).isPositive();
    }

    @Test
    void readsKeyAndWindowValuesInsideASavepointWithoutRestoringIt() throws Exception {
        FileSnapshotStore store = store();
        String id;
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(2).snapshots(null, store)) {
            talk(h, 0, 12);
            h.watermark(999);
            id = h.savepoint(false, true);
        }
        SavepointReader reader = new SavepointReader(store.open(id));
        assertThat(reader.keys()).containsExactly("A", "B", "C");
        assertThat(reader.windows()).containsExactly(new dev.tally.engine.window.Window(1000, 2000),
                new dev.tally.engine.window.Window(2000, 3000));
        assertThat(reader.value("C", 1000)).get().satisfies(e -> assertThat(e.values().doubleValue(0)).isEqualTo(15.0));
        assertThat(reader.value("A", 2000)).get().satisfies(e -> assertThat(e.values().doubleValue(0)).isEqualTo(1.0));
        assertThat(reader.value("A", 0)).isEmpty();
    }

    @Test
    void drainSavepointFiresEveryWindowThenStops() throws Exception {
        FileSnapshotStore store = store();
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").parallelism(2).snapshots(null, store)) {
            talk(h, 0, 5);
            String id = h.savepoint(true, true);
            assertThat(h.lines()).containsExactly("A[0,1000)=11", "B[0,1000)=2", "C[0,1000)=3", "C[1000,2000)=7");
            assertThat(store.open(id).manifest().keyGroups()).isEmpty();
            assertThat(store.open(id).manifest().trigger()).isEqualTo("DRAIN");
        }
    }

    @Test
    void corruptSavepointIsRefusedBeforeAnyStateIsTouched() throws Exception {
        FileSnapshotStore store = store();
        String id;
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").snapshots(null, store)) {
            h.add("A", 1, 0);
            id = h.savepoint(false, true);
        }
        Path file = dir.resolve("savepoints").resolve(id).resolve(store.open(id).manifest().keyGroups().get(0).file());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        try (Harness h = Harness.of("window: { kind: tumbling, size: 1s }").restoreFrom(store, id, Restore.Policy.FAIL)) {
            assertThatThrownBy(h::started).isInstanceOf(SnapshotException.class).hasMessageContaining("SHA-256");
        }
    }

    private static String base(String window) {
        return "name: x\nsource: { kind: file, path: x }\ntime: { field: t }\nwindow: " + window
                + "\naggregates: [ { name: v, kind: sum, field: v } ]\n";
    }
}
