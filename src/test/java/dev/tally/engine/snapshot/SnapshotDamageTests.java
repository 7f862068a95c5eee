package dev.tally.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot that cannot be read is never passed over: listing reports it with what is wrong, recovery refuses
 * to pick an older one by itself, and only an explicit choice sets it aside (renamed, never deleted).
 * {@code -Dtally.damage.rounds=N} runs the random-damage property longer (default 300 rounds).
 */
class SnapshotDamageTests {

    @TempDir
    Path dir;

    private static Manifest draft(long checkpoint, int files) {
        List<Manifest.DataFile> kg = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            kg.add(new Manifest.DataFile(i, 3, 0, "kg-%05d.bin".formatted(i), null, null));
        }
        return new Manifest(Manifest.FORMAT_VERSION, "CHECKPOINT", checkpoint, "job", 1, "hash", "{}", 128, 2,
                "2026-01-01T00:00:0" + checkpoint + "Z", "PERIODIC", null, "EXACTLY_ONCE", 999, 0,
                List.of(new Manifest.SourcePartition(0, 42, 999, false)), kg, List.of(), null, null);
    }

    private static Map<String, BytesOutput> data(int files, Random random) {
        Map<String, BytesOutput> out = new HashMap<>();
        for (int i = 0; i < files; i++) {
            byte[] b = new byte[1 + random.nextInt(200)];
            random.nextBytes(b);
            out.put("kg-%05d.bin".formatted(i), BytesOutput.of(b));
        }
        return out;
    }

    private String write(FileSnapshotStore store, long checkpoint) {
        return store.write(draft(checkpoint, 2), data(2, new Random(checkpoint))).id();
    }

    @Test
    void everyKindOfManifestDamageIsReportedNamingTheFile() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String a = write(store, 1);
        String b = write(store, 2);
        String c = write(store, 3);
        String d = write(store, 4);
        Path mb = dir.resolve(b).resolve("manifest.json");
        Files.write(mb, java.util.Arrays.copyOf(Files.readAllBytes(mb), (int) Files.size(mb) / 2));
        Files.write(dir.resolve(c).resolve("manifest.json"), new byte[0]);
        Files.delete(dir.resolve(d).resolve("manifest.json"));
        Files.createDirectory(dir.resolve("not-a-snapshot"));

        SnapshotStore.Listing l = store.scan();
        assertThat(l.snapshots()).extracting(SnapshotStore.Stored::id).containsExactly(a);
        assertThat(l.unreadable()).extracting(SnapshotStore.Unreadable::id).containsExactlyInAnyOrder(b, c, d,
                "not-a-snapshot");
        Map<String, String> problems = new HashMap<>();
        l.unreadable().forEach(u -> problems.put(u.id(), u.problem()));
        assertThat(problems.get(b)).contains("manifest.json does not match the snapshot's id");
        assertThat(problems.get(c)).contains("manifest.json is empty");
        assertThat(problems.get(d)).contains("manifest.json cannot be read: no such file: manifest.json");
        assertThat(problems.get("not-a-snapshot")).contains("not a snapshot id");
        assertThat(problems.values()).noneMatch(p -> p.contains(dir.toString()));
    }

    @Test
    void recoveryRefusesToPassOverAnUnreadableCheckpointAndChangesNothing() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String older = write(store, 1);
        String newer = write(store, 2);
        Path manifest = dir.resolve(newer).resolve("manifest.json");
        byte[] half = java.util.Arrays.copyOf(Files.readAllBytes(manifest), 40);
        Files.write(manifest, half);
        List<String> before = tree();

        assertThatThrownBy(() -> Recovery.choose(store, null)).isInstanceOfSatisfying(
                UnreadableSnapshotException.class, e -> {
                    assertThat(e.newestReadable().id()).isEqualTo(older);
                    assertThat(e.unreadable()).extracting(SnapshotStore.Unreadable::id).containsExactly(newer);
                    assertThat(e.getMessage()).contains("refusing to resume", newer, "manifest.json",
                            "Nothing was restored or changed", older + " (checkpoint 1");
                });
        assertThat(tree()).isEqualTo(before);
        assertThat(Files.readAllBytes(manifest)).isEqualTo(half);
    }

    @Test
    void theOnlyCheckpointUnreadableIsRefusedNotAFreshStart() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String only = write(store, 1);
        Files.delete(dir.resolve(only).resolve("manifest.json"));
        assertThatThrownBy(() -> Recovery.choose(store, null)).isInstanceOf(UnreadableSnapshotException.class)
                .hasMessageContaining("No readable checkpoint is left");
    }

    @Test
    void anExplicitChoiceSetsNewerAndUnreadableCheckpointsAsideWithoutDeletingThem() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String one = write(store, 1);
        String two = write(store, 2);
        String three = write(store, 3);
        Files.write(dir.resolve(three).resolve("manifest.json"), new byte[0]);

        Recovery.Choice choice = Recovery.choose(store, one);
        assertThat(choice.checkpoint().id()).isEqualTo(one);
        assertThat(choice.quarantined()).containsExactlyInAnyOrder(".quarantined-" + two, ".quarantined-" + three);
        assertThat(dir.resolve(".quarantined-" + two).resolve("manifest.json")).exists();
        assertThat(dir.resolve(".quarantined-" + three).resolve("manifest.json")).exists();
        SnapshotStore.Listing after = store.scan();
        assertThat(after.unreadable()).isEmpty();
        assertThat(after.quarantined()).hasSize(2);
        assertThat(Recovery.choose(store, null).checkpoint().id()).as("the choice sticks").isEqualTo(one);
        assertThatThrownBy(() -> Recovery.choose(store, "0123456789abcdef0123456789abcdef"))
                .isInstanceOf(SnapshotNotFoundException.class);
    }

    @Test
    void aDeleteInterruptedByACrashNeverLeavesADamagedLookingSnapshot() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        String a = write(store, 1);
        String b = write(store, 2);
        store.delete(a);
        assertThat(store.scan().snapshots()).extracting(SnapshotStore.Stored::id).containsExactly(b);
        // what a crash between the rename and the removal leaves behind: invisible, then cleaned up
        Files.createDirectories(dir.resolve(".tmp-deleted-" + a + "-x"));
        Files.writeString(dir.resolve(".tmp-deleted-" + a + "-x").resolve("kg-00000.bin"), "x");
        assertThat(store.scan().unreadable()).isEmpty();
        store.removeUnfinished();
        assertThat(tree()).noneMatch(p -> p.contains(".tmp-"));
        assertThatThrownBy(() -> store.delete("../" + b)).isInstanceOf(SnapshotNotFoundException.class);
    }

    /** Random damage to a random file of a snapshot (manifest included) is always detected, never skipped. */
    @Test
    void randomDamageToAnyFileIsAlwaysDetected() throws Exception {
        int rounds = Integer.getInteger("tally.damage.rounds", 300);
        Random random = new Random(Long.getLong("tally.damage.seed", 20261129L));
        for (int round = 0; round < rounds; round++) {
            Path root = Files.createDirectory(dir.resolve("r" + round));
            FileSnapshotStore store = new FileSnapshotStore(root);
            int files = 1 + random.nextInt(4);
            String id = store.write(draft(1, files), data(files, random)).id();
            List<Path> all;
            try (Stream<Path> s = Files.list(root.resolve(id))) {
                all = s.sorted().toList();
            }
            Path victim = all.get(random.nextInt(all.size()));
            String how = damage(victim, random);
            boolean manifest = victim.getFileName().toString().equals("manifest.json");
            SnapshotStore.Listing l = store.scan();
            if (manifest) {
                assertThat(l.unreadable()).as("round %d: %s of the manifest", round, how).hasSize(1);
                assertThat(l.snapshots()).isEmpty();
                assertThatThrownBy(() -> Recovery.choose(store, null)).isInstanceOf(UnreadableSnapshotException.class);
            } else {
                assertThat(l.snapshots()).as("round %d", round).hasSize(1);
            }
            assertThatThrownBy(() -> store.open(id)).as("round %d: %s of %s", round, how, victim.getFileName())
                    .isInstanceOf(SnapshotException.class)
                    .hasMessageContaining(victim.getFileName().toString().equals("manifest.json") ? "manifest.json"
                            : victim.getFileName().toString());
        }
    }

    private static String damage(Path file, Random random) throws Exception {
        byte[] b = Files.readAllBytes(file);
        switch (random.nextInt(5)) {
            case 0 -> {
                Files.write(file, java.util.Arrays.copyOf(b, random.nextInt(b.length)));
                return "truncation";
            }
            case 1 -> {
                int at = random.nextInt(b.length);
                b[at] ^= (byte) (1 + random.nextInt(255));
                Files.write(file, b);
                return "a flipped byte";
            }
            case 2 -> {
                Files.delete(file);
                return "deletion";
            }
            case 3 -> {
                Files.write(file, new byte[0]);
                return "emptying";
            }
            default -> {
                Files.write(file, (new String(b, StandardCharsets.ISO_8859_1) + "\n").getBytes(StandardCharsets.ISO_8859_1));
                return "an appended byte";
            }
        }
    }

    private List<String> tree() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? ":" + size(p) : "")).sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSnapshotThatCannotBeWrittenSaysWhy() throws Exception {
        Path root = dir.resolve("gone");
        FileSnapshotStore store = new FileSnapshotStore(root);
        Files.delete(root);
        Files.writeString(root, "a file where the store's directory was");
        assertThatThrownBy(() -> write(store, 1)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageMatching("(?i)cannot write snapshot: (not a directory|no such file|file system error|already exists)"
                        + "(: .+)?")
                .hasMessageNotContaining(dir.toString());
    }
}
