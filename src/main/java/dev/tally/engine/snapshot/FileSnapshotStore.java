package dev.tally.engine.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    /** Prefix of unreadable snapshots set aside by {@link #quarantine}. */
    private static final String ID = "[0-9a-f]{32}";
    static final String QUARANTINE = ".quarantined-";

    private final Path root;

    public FileSnapshotStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open snapshot store: " + IoErrors.describe(e), e);
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
            throw new UncheckedIOException("cannot clean up snapshot store: " + IoErrors.describe(e), e);
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
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            try {
                deleteTree(tmp);
            } catch (IOException leftover) { // reported with the failure; the store removes leftovers when opened
                cause.addSuppressed(leftover);
            }
            throw new UncheckedIOException("cannot write snapshot: " + IoErrors.describe(cause), cause);
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
    public Listing scan() {
        List<Stored> readable = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path entry : s.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(TMP)) {
                    continue; // being written or deleted; a crashed writer's leftovers are removed by removeUnfinished
                }
                if (name.startsWith(QUARANTINE)) {
                    quarantined.add(name);
                    continue;
                }
                try {
                    readable.add(new Stored(name, manifest(entry, name)));
                } catch (SnapshotException e) {
                    unreadable.add(new Unreadable(name, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshot store: " + IoErrors.describe(e), e);
        }
        readable.sort(Comparator.comparingLong((Stored x) -> x.manifest().checkpointId())
                .thenComparing(x -> x.manifest().createdAt()));
        return new Listing(readable, unreadable, quarantined);
    }

    @Override
    public String quarantine(String id) {
        Path entry = root.resolve(id);
        if (id.startsWith(".") || id.contains("/") || id.contains("\\") || !Files.exists(entry)) {
            throw new SnapshotNotFoundException("no snapshot " + id);
        }
        String name = QUARANTINE + id;
        try {
            Files.move(entry, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set snapshot " + id + " aside: " + IoErrors.describe(e), e);
        }
        return name;
    }

    /**
     * Reads and checks the manifest of the entry {@code dir} named {@code id}: a directory whose name is a
     * snapshot id, holding a manifest whose SHA-256 starts with that id, parsed, of this engine's format version.
     *
     * @throws SnapshotException saying which file is wrong and how
     */
    private static Manifest manifest(Path dir, String id) {
        if (!Files.isDirectory(dir)) {
            throw new SnapshotException("snapshot " + id + ": not a directory");
        }
        if (!id.matches(ID)) {
            throw new SnapshotException("snapshot " + id + ": the name is not a snapshot id (32 hex digits)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(MANIFEST));
        } catch (IOException e) {
            throw new SnapshotException("snapshot " + id + ": " + MANIFEST + " cannot be read: " + IoErrors.describe(e));
        }
        if (bytes.length == 0) {
            throw new SnapshotException("snapshot " + id + ": " + MANIFEST + " is empty");
        }
        if (!hex(sha256(bytes)).startsWith(id)) {
            throw new SnapshotException("snapshot " + id + ": " + MANIFEST
                    + " does not match the snapshot's id (changed, truncated or corrupt)");
        }
        Manifest m;
        try {
            m = JSON.readValue(bytes, Manifest.class);
        } catch (JacksonException e) {
            throw new SnapshotException("snapshot " + id + ": " + MANIFEST + " is not readable: " + e.getOriginalMessage());
        }
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            throw new SnapshotException("snapshot " + id + " has format version " + m.formatVersion()
                    + "; this engine reads version " + Manifest.FORMAT_VERSION);
        }
        return m;
    }

    @Override
    public Snapshot open(String id) {
        Path dir = root.resolve(id);
        if (!id.matches(ID) || !Files.isDirectory(dir)) {
            throw new SnapshotNotFoundException("no snapshot " + id);
        }
        Manifest m = manifest(dir, id);
        Map<String, byte[]> files = new ConcurrentHashMap<>();
        concat(m.keyGroups(), m.pendingOutputs()).parallelStream().forEach(f -> {
            byte[] b;
            try {
                b = Files.readAllBytes(dir.resolve(f.file()));
            } catch (NoSuchFileException e) {
                throw new SnapshotException("snapshot " + id + ": data file " + f.file() + " is missing");
            } catch (IOException e) {
                throw new SnapshotException("snapshot " + id + ": data file " + f.file() + " cannot be read: "
                        + IoErrors.describe(e));
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

    /**
     * Deletes a snapshot: first renamed to a temporary name (atomic), then removed, so a crash in the middle
     * never leaves a half-deleted snapshot that looks like a damaged one; {@link #removeUnfinished} finishes
     * the job.
     */
    @Override
    public void delete(String id) {
        if (!id.matches(ID)) {
            throw new SnapshotNotFoundException("no snapshot " + id);
        }
        Path dir = root.resolve(id);
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = root.resolve(TMP + "deleted-" + id + "-" + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(doomed);
        } catch (NoSuchFileException e) {
            // deleted meanwhile by another caller: the outcome asked for
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete snapshot " + id + ": " + IoErrors.describe(e), e);
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
