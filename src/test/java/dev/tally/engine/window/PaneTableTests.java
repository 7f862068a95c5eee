package dev.tally.engine.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.spec.AggregateSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaneTableTests {

    private final Aggregates aggregates = new Aggregates(List.of(AggregateSpec.count("n"),
            new AggregateSpec("lo", AggregateSpec.Kind.MIN, "v")));

    @Test
    void findsEveryKeyAcrossGrowth() {
        PaneTable t = new PaneTable(aggregates.width());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            keys.add(i % 7 == 0 ? "ключ-" + i : "key-" + i);
        }
        keys.add("Aa");
        keys.add("BB"); // same hash code as "Aa"
        for (int i = 0; i < keys.size(); i++) {
            assertThat(t.row(keys.get(i), aggregates)).isEqualTo(i);
        }
        assertThat(t.size()).isEqualTo(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String k = new String(keys.get(i).toCharArray()); // another instance: no identity shortcut
            assertThat(t.find(k)).isEqualTo(i);
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            assertThat(PaneTable.hashOf(b, 0, b.length)).isEqualTo(k.hashCode());
            assertThat(t.key(i)).isEqualTo(k);
            assertThat(t.hash(i)).isEqualTo(k.hashCode());
        }
        assertThat(t.find("key-50000")).isEqualTo(-1);
        assertThat(t.find("ключ")).isEqualTo(-1);
        assertThat(t.size()).isEqualTo(keys.size());
    }

    @Test
    void appendedKeysAreFound() {
        PaneTable t = new PaneTable(aggregates.width());
        for (String k : List.of("Aa", "BB", "ключ", "x")) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            t.append(b, 0, b.length, PaneTable.hashOf(b, 0, b.length), aggregates);
        }
        assertThat(t.find(new String("BB".toCharArray()))).isEqualTo(1);
        assertThat(t.find("ключ")).isEqualTo(2);
        assertThat(t.row("x", aggregates)).isEqualTo(3);
        assertThat(t.size()).isEqualTo(4);
    }

    @Test
    void newRowsStartEmptyAndRevisionsAreKeptOnlyOnceSet() {
        PaneTable t = new PaneTable(aggregates.width());
        int row = t.row("a", aggregates);
        assertThat(aggregates.results(t.values(row), t.at(row))).isEqualTo(ResultValues.of(0L, null));
        assertThat(t.revision(row)).isZero();
        t.revision(row, 0);
        for (int i = 0; i < 100; i++) {
            t.row("k" + i, aggregates);
        }
        t.revision(7, 3);
        t.row("more", aggregates);
        assertThat(t.revision(7)).isEqualTo(3);
        assertThat(t.revision(8)).isZero();
    }

    @Test
    void keepsKeysOfAnySizeAcrossChunks() throws Exception {
        PaneTable t = new PaneTable(aggregates.width());
        List<String> keys = new ArrayList<>();
        keys.add("x".repeat(300_000)); // longer than an arena chunk
        for (int i = 0; i < 70_000; i++) {
            keys.add("k" + i);
        }
        keys.add("é".repeat(600_000));
        keys.add("after");
        for (String k : keys) {
            t.row(k, aggregates);
        }
        t.revision(20_000, 4);
        t.revision(5, 2);
        for (int i = 0; i < keys.size(); i++) {
            String k = new String(keys.get(i).toCharArray());
            assertThat(t.find(k)).isEqualTo(i);
            assertThat(t.key(i)).isEqualTo(k);
            var out = new dev.tally.engine.snapshot.BytesOutput(16);
            t.writeKey(out, i);
            var in = new dev.tally.engine.snapshot.BytesInput(out.toByteArray());
            byte[] b = new byte[CompactCodec.readVarint(in)];
            in.readFully(b);
            assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(k);
        }
        assertThat(t.revision(20_000)).isEqualTo(4);
        assertThat(t.revision(5)).isEqualTo(2);
        assertThat(t.revision(69_000)).isZero();
        assertThat(aggregates.results(t.values(60_000), t.at(60_000))).isEqualTo(ResultValues.of(0L, null));

        PaneTable restored = new PaneTable(aggregates.width());
        restored.reserve(keys.size());
        for (String k : keys) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            restored.append(b, 0, b.length, PaneTable.hashOf(b, 0, b.length), aggregates);
        }
        restored.index();
        for (int i = 0; i < keys.size(); i += 97) {
            assertThat(restored.find(new String(keys.get(i).toCharArray()))).isEqualTo(i);
        }
        assertThat(restored.find("missing")).isEqualTo(-1);
    }
}
