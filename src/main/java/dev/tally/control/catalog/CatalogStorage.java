package dev.tally.control.catalog;

import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.system.TallyProperties;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.IoErrors;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.SnapshotException;
import dev.tally.engine.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The catalog's view of the storage directory ({@code <data>/savepoints/<job>}, see {@link SnapshotStores}):
 * which store holds a row's files, reading them back against the manifest, deleting them, and the job
 * directories there. Stateless; thread-safe.
 */
@Component
class CatalogStorage {

    private static final int BUFFER = 1 << 16;

    private final SnapshotStores stores;
    private final Path savepointsRoot;

    CatalogStorage(SnapshotStores stores, TallyProperties props) {
        this.stores = stores;
        this.savepointsRoot = props.dataPath().resolve("savepoints");
    }

    /**
     * The store that holds a row's files: the job's savepoints, or its checkpoints for kind CHECKPOINT (without
     * the deployment feature's announcements: the catalog keeps its rows itself).
     */
    SnapshotStore store(String job, String kind) {
        return "CHECKPOINT".equals(kind) ? stores.checkpointFiles(job) : stores.savepoints(job);
    }

    /**
     * Reads every data file of a snapshot back, streaming, and compares its size and SHA-256 with the manifest
     * (the same checks as {@link SnapshotStore#open}, without holding the state in memory).
     *
     * @return null when every file matches, else what is wrong, naming the file
     */
    String verify(SnapshotStore store, String id, Manifest m) {
        if (!(store instanceof FileSnapshotStore files)) {
            try {
                store.open(id);
                return null;
            } catch (SnapshotException e) {
                return e.getMessage();
            }
        }
        Path dir = files.root().resolve(id);
        List<Manifest.DataFile> all = new ArrayList<>(m.keyGroups());
        all.addAll(m.pendingOutputs());
        byte[] buffer = new byte[BUFFER];
        for (Manifest.DataFile f : all) {
            String problem = verifyFile(dir.resolve(f.file()), f, buffer);
            if (problem != null) {
                return "snapshot " + id + ": data file " + f.file() + " " + problem;
            }
        }
        return null;
    }

    private static String verifyFile(Path file, Manifest.DataFile f, byte[] buffer) {
        MessageDigest digest = sha256();
        long size = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                size += n;
            }
        } catch (NoSuchFileException e) {
            return "is missing";
        } catch (IOException e) {
            return "cannot be read: " + IoErrors.describe(e);
        }
        if (size != f.bytes()) {
            return "has " + size + " bytes, the manifest says " + f.bytes() + " (truncated?)";
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(f.sha256())) {
            return "fails its SHA-256 check (corrupt)";
        }
        return null;
    }

    /**
     * Deletes the entry {@code name} of a store: a snapshot through the store (renamed away, then removed, so a
     * crash never leaves half of it), or an unreadable entry whose name is not a snapshot id, removed directly.
     * A missing entry is not an error.
     *
     * @throws UncheckedIOException when the files cannot be deleted (nothing is deleted from the catalog then)
     */
    void delete(SnapshotStore store, String name) {
        if (name.matches("[0-9a-f]{32}") || !(store instanceof FileSnapshotStore files)) {
            store.delete(name);
            return;
        }
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("id: not an entry of the storage directory: " + name);
        }
        Path entry = files.root().resolve(name);
        try {
            if (!Files.exists(entry)) {
                return;
            }
            try (Stream<Path> s = Files.walk(entry)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + name + ": " + IoErrors.describe(e), e);
        }
    }

    /** Whether a store still has an entry of that name (readable or not). */
    boolean exists(SnapshotStore store, String name) {
        if (store instanceof FileSnapshotStore files) {
            return Files.exists(files.root().resolve(name));
        }
        SnapshotStore.Listing l = store.scan();
        return l.snapshots().stream().anyMatch(s -> s.id().equals(name))
                || l.unreadable().stream().anyMatch(u -> u.id().equals(name));
    }

    /** When an entry was last changed (for an unreadable entry, whose manifest cannot tell), else {@code fallback}. */
    Instant modifiedAt(SnapshotStore store, String name, Instant fallback) {
        if (store instanceof FileSnapshotStore files) {
            try {
                return Files.getLastModifiedTime(files.root().resolve(name)).toInstant();
            } catch (IOException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** The names of the job directories under the savepoints directory (for reporting unknown ones). */
    List<String> jobDirectories() {
        if (!Files.isDirectory(savepointsRoot)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(savepointsRoot)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the savepoints directory: " + IoErrors.describe(e), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
