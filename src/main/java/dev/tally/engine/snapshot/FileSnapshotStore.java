package dev.tally.engine.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots as directories under a root: {@code <id>/manifest.json} plus data files. A snapshot is written into a
 * temporary directory and renamed into place, so a crash never leaves half a snapshot visible (temporary
 * directories left by a crash are removed when the store is opened). The id is the SHA-256 of the manifest,
 * which holds the SHA-256 of every data file: content-addressed and immutable. Thread-safe.
 */
public final class FileSnapshotStore implements SnapshotStore {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String MANIFEST = "manifest.json";
    private static final String TMP = ".tmp-";

    private final Path root;

    public FileSnapshotStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open snapshot store " + root, e);
        }
    }

    /**
     * Removes the temporary directories of snapshots whose writing never finished (a crash). Only the run that
     * writes into this store may call it, before it takes snapshots: anyone else could delete a snapshot being
     * written.
     */
    public void removeUnfinished() {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP)).toList()) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up snapshot store " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public Stored write(Manifest draft, Map<String, BytesOutput> files) {
        for (Manifest.DataFile d : concat(draft.keyGroups(), draft.pendingOutputs())) {
            if (!files.containsKey(d.file())) {
                throw new IllegalArgumentException("no data for " + d.file());
            }
        }
        Path tmp = root.resolve(TMP + UUID.randomUUID());
        try {
            Files.createDirectory(tmp);
            Map<String, String> hashes = writeFiles(tmp, files);
            Manifest m = new Manifest(draft.formatVersion(), draft.kind(), draft.checkpointId(), draft.jobName(),
                    draft.jobVersion(), draft.specHash(), draft.specJson(), draft.maxParallelism(),
                    draft.parallelism(), draft.createdAt(), draft.trigger(), draft.parent(), draft.mode(),
                    draft.watermark(), draft.clock(), draft.sources(), seal(draft.keyGroups(), files, hashes),
                    seal(draft.pendingOutputs(), files, hashes), draft.writerId(), draft.counters());
            byte[] manifest = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
            String id = hex(sha256(manifest)).substring(0, 32);
            Path target = root.resolve(id);
            if (Files.isDirectory(target)) {
                deleteTree(tmp);
                return new Stored(id, m); // the same content is already stored
            }
            Files.write(tmp.resolve(MANIFEST), manifest);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                deleteTree(tmp);
            }
            return new Stored(id, m);
        } catch (IOException | UncheckedIOException e) {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // the store removes leftovers when opened
            }
            throw new UncheckedIOException("cannot write snapshot to " + root,
                    e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    /** Writes every data file into {@code dir}, hashing it on the way, in parallel; the SHA-256 by name. */
    private static Map<String, String> writeFiles(Path dir, Map<String, BytesOutput> files) {
        Map<String, String> hashes = new ConcurrentHashMap<>();
        files.entrySet().parallelStream().forEach(f -> {
            MessageDigest digest = newDigest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(dir.resolve(f.getKey())), digest)) {
                f.getValue().writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hashes.put(f.getKey(), hex(digest.digest()));
        });
        return hashes;
    }

    private static List<Manifest.DataFile> seal(List<Manifest.DataFile> drafts, Map<String, BytesOutput> files,
            Map<String, String> hashes) {
        List<Manifest.DataFile> out = new ArrayList<>();
        for (Manifest.DataFile d : drafts) {
            out.add(new Manifest.DataFile(d.index(), d.entries(), files.get(d.file()).size(), d.file(),
                    hashes.get(d.file()), d.owner()));
        }
        return out;
    }

    @Override
    public List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(TMP)) {
                    continue;
                }
                try {
                    out.add(new Stored(name, JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class)));
                } catch (JacksonException e) {
                    // unreadable: open() says why; listing shows only readable snapshots
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        out.sort(Comparator.comparingLong((Stored x) -> x.manifest().checkpointId())
                .thenComparing(x -> x.manifest().createdAt()));
        return out;
    }

    @Override
    public Snapshot open(String id) {
        Path dir = root.resolve(id);
        if (!id.matches("[0-9a-f]{32}") || !Files.isDirectory(dir)) {
            throw new SnapshotNotFoundException("no snapshot " + id + " in " + root);
        }
        byte[] manifestBytes;
        try {
            manifestBytes = Files.readAllBytes(dir.resolve(MANIFEST));
        } catch (IOException e) {
            throw new SnapshotException("snapshot " + id + " has no readable manifest: " + e.getMessage());
        }
        if (!hex(sha256(manifestBytes)).startsWith(id)) {
            throw new SnapshotException("snapshot " + id + ": the manifest does not match the snapshot's id (changed or corrupt)");
        }
        Manifest m;
        try {
            m = JSON.readValue(manifestBytes, Manifest.class);
        } catch (JacksonException e) {
            throw new SnapshotException("snapshot " + id + ": the manifest is not readable: " + e.getOriginalMessage());
        }
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            throw new SnapshotException("snapshot " + id + " has format version " + m.formatVersion()
                    + "; this engine reads version " + Manifest.FORMAT_VERSION);
        }
        Map<String, byte[]> files = new ConcurrentHashMap<>();
        concat(m.keyGroups(), m.pendingOutputs()).parallelStream().forEach(f -> {
            byte[] b;
            try {
                b = Files.readAllBytes(dir.resolve(f.file()));
            } catch (IOException e) {
                throw new SnapshotException("snapshot " + id + ": data file " + f.file() + " is missing");
            }
            if (b.length != f.bytes()) {
                throw new SnapshotException("snapshot " + id + ": data file " + f.file() + " has " + b.length
                        + " bytes, the manifest says " + f.bytes() + " (truncated?)");
            }
            if (!hex(sha256(b)).equals(f.sha256())) {
                throw new SnapshotException("snapshot " + id + ": data file " + f.file() + " fails its SHA-256 check (corrupt)");
            }
            files.put(f.file(), b);
        });
        return new Snapshot(id, m, new HashMap<>(files));
    }

    private static List<Manifest.DataFile> concat(List<Manifest.DataFile> a, List<Manifest.DataFile> b) {
        List<Manifest.DataFile> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public void delete(String id) {
        try {
            deleteTree(root.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete snapshot " + id, e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    static byte[] sha256(byte[] b) {
        return newDigest().digest(b);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The manifest as text (for logs and APIs). */
    public static String json(Manifest m) {
        return new String(JSON.writeValueAsBytes(m), StandardCharsets.UTF_8);
    }
}
