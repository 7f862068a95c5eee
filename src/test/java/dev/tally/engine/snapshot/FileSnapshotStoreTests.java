package dev.tally.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTests {

    @TempDir
    Path dir;

    private static Manifest draft(long id) {
        return new Manifest(Manifest.FORMAT_VERSION, "SAVEPOINT", id, "job", 1, "hash", "{}", 128, 2,
                "2026-01-01T00:00:00Z", "MANUAL", null, "EXACTLY_ONCE", 999, 0,
                List.of(new Manifest.SourcePartition(0, 42, 999, false)),
                List.of(new Manifest.DataFile(7, 3, 0, "kg-00007.bin", null, null)), List.of(), "w1",
                new Manifest.Counters(10, 2, Map.of("MALFORMED_JSON", 1L), 3, 4));
    }

    private static Map<String, BytesOutput> files() {
        return Map.of("kg-00007.bin", BytesOutput.of("state bytes".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesVerifiesAndReadsBackASnapshot() {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String id = store.write(draft(1), files()).id();
        Snapshot s = store.open(id);
        assertThat(s.manifest().keyGroups().get(0).bytes()).isEqualTo(11);
        assertThat(s.manifest().keyGroups().get(0).sha256()).hasSize(64);
        assertThat(new String(s.file("kg-00007.bin"), StandardCharsets.UTF_8)).isEqualTo("state bytes");
        assertThat(store.list()).extracting(SnapshotStore.Stored::id).containsExactly(id);
    }

    /** Manifests written before the writer id and the counters existed still open, with both null. */
    @Test
    void readsAManifestWithoutWriterIdAndCounters() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        Path written = dir.resolve(store.write(draft(1), files()).id());
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var tree = (tools.jackson.databind.node.ObjectNode) json.readTree(written.resolve("manifest.json").toFile());
        assertThat(tree.remove("writerId")).isNotNull();
        assertThat(tree.remove("counters")).isNotNull();
        String older = json.writeValueAsString(tree);
        byte[] bytes = older.getBytes(StandardCharsets.UTF_8);
        String id = FileSnapshotStore.hex(FileSnapshotStore.sha256(bytes)).substring(0, 32);
        Path dirOfOlder = Files.createDirectory(dir.resolve(id));
        Files.write(dirOfOlder.resolve("manifest.json"), bytes);
        Files.copy(written.resolve("kg-00007.bin"), dirOfOlder.resolve("kg-00007.bin"));
        Manifest m = store.open(id).manifest();
        assertThat(m.writerId()).isNull();
        assertThat(m.counters()).isNull();
        assertThat(m.keyGroups()).hasSize(1);
    }

    @Test
    void isContentAddressedAndNeverOverwrites() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String a = store.write(draft(1), files()).id();
        long modified = Files.getLastModifiedTime(dir.resolve(a).resolve("manifest.json")).toMillis();
        assertThat(store.write(draft(1), files()).id()).isEqualTo(a);
        assertThat(Files.getLastModifiedTime(dir.resolve(a).resolve("manifest.json")).toMillis()).isEqualTo(modified);
        assertThat(store.write(draft(2), files()).id()).isNotEqualTo(a);
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void refusesCorruptTruncatedOrMissingData() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String id = store.write(draft(1), files()).id();
        Path data = dir.resolve(id).resolve("kg-00007.bin");
        Files.write(data, "state bytez".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.open(id)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("kg-00007.bin fails its SHA-256 check");
        Files.write(data, "state".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.open(id)).hasMessageContaining("has 5 bytes, the manifest says 11 (truncated?)");
        Files.delete(data);
        assertThatThrownBy(() -> store.open(id)).hasMessageContaining("data file kg-00007.bin is missing");
        assertThatThrownBy(() -> store.open("0123456789abcdef0123456789abcdef")).hasMessageContaining("no snapshot");
    }

    @Test
    void refusesAnEditedManifestOrAnUnknownFormatVersion() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String id = store.write(draft(1), files()).id();
        Path manifest = dir.resolve(id).resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"watermark\" : 999", "\"watermark\" : 5"));
        assertThatThrownBy(() -> store.open(id)).hasMessageContaining("manifest.json does not match the snapshot's id");

        Manifest future = new Manifest(3, "SAVEPOINT", 1, "job", 1, "h", "{}", 128, 1, "t", "MANUAL", null,
                "EXACTLY_ONCE", 0, 0, List.of(), List.of(), List.of(), null, null);
        String newer = store.write(future, Map.of()).id();
        assertThatThrownBy(() -> store.open(newer))
                .hasMessageContaining("format version 3; this engine reads version 2");
        Manifest past = new Manifest(1, "SAVEPOINT", 2, "job", 1, "h", "{}", 128, 1, "t", "MANUAL", null,
                "EXACTLY_ONCE", 0, 0, List.of(), List.of(), List.of(), null, null);
        String older = store.write(past, Map.of()).id();
        assertThatThrownBy(() -> store.open(older)).as("version 1 held integers as doubles")
                .hasMessageContaining("format version 1; this engine reads version 2");
    }

    @Test
    void removesHalfWrittenSnapshotsLeftByACrash() throws Exception {
        Files.createDirectories(dir.resolve(".tmp-crashed").resolve("x"));
        FileSnapshotStore store = new FileSnapshotStore(dir);
        assertThat(dir.resolve(".tmp-crashed")).as("opening a store deletes nothing").exists();
        assertThat(store.list()).isEmpty();
        store.removeUnfinished();
        assertThat(dir.resolve(".tmp-crashed")).doesNotExist();
        assertThat(store.list()).isEmpty();
    }
}
