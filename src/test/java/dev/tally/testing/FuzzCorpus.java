package dev.tally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A kept fuzzing corpus: the files under {@code src/test/resources/fuzz/<kind>/} (seed inputs, and every input
 * that once broke a property, kept so that each run replays it), mutations of them for jqwik, and the check that
 * runs one input with a time bound and keeps it under {@code target/fuzz-crashers/<kind>/} when it fails (copy it
 * into the corpus with the fix).
 */
public final class FuzzCorpus {

    /** Longest time one input may take (a hang fails the property instead of the build). */
    public static final Duration BOUND = Duration.ofSeconds(10);
    /**
     * How long each fixed-time fuzz run goes on: {@code -Dtally.fuzz.seconds=N} (default 2 s, so that the four fuzzed
     * parsers add under 10 s to {@code ./mvnw verify}; longer runs are a property away).
     */
    public static final Duration BUDGET = Duration.ofSeconds(Long.getLong("tally.fuzz.seconds", 2));

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-input");
        t.setDaemon(true);
        return t;
    });

    private final String kind;
    private final List<byte[]> inputs;

    private FuzzCorpus(String kind, List<byte[]> inputs) {
        this.kind = kind;
        this.inputs = inputs;
    }

    /** The corpus of {@code fuzz/<kind>/} on the test class path (at least one file). */
    public static FuzzCorpus of(String kind) {
        URL url = FuzzCorpus.class.getClassLoader().getResource("fuzz/" + kind);
        if (url == null) {
            throw new IllegalStateException("no corpus fuzz/" + kind + " on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<byte[]> inputs = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                inputs.add(Files.readAllBytes(f));
            }
            if (inputs.isEmpty()) {
                throw new IllegalStateException("corpus fuzz/" + kind + " is empty");
            }
            return new FuzzCorpus(kind, List.copyOf(inputs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every kept input. */
    public List<byte[]> inputs() {
        return inputs;
    }

    /**
     * Kept inputs with 1 to 8 random edits each: a byte replaced (by one of {@code alphabet} or any byte), a range
     * deleted, duplicated or moved, the input truncated, or another kept input spliced in.
     */
    public Arbitrary<byte[]> mutations(byte[] alphabet) {
        return Combinators.combine(Arbitraries.of(inputs), Arbitraries.integers().between(1, 8),
                Arbitraries.longs()).as((seed, edits, random) -> mutate(seed, edits, new Random(random), alphabet));
    }

    private byte[] mutate(byte[] seed, int edits, Random r, byte[] alphabet) {
        byte[] b = seed.clone();
        for (int e = 0; e < edits; e++) {
            int n = b.length;
            int at = n == 0 ? 0 : r.nextInt(n);
            int len = n == 0 ? 0 : 1 + r.nextInt(Math.min(16, n - at));
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (n > 0) {
                        b[at] = r.nextBoolean() ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt(256);
                    }
                }
                case 1 -> b = splice(b, at, at + len, new byte[0]);
                case 2 -> b = splice(b, at, at, java.util.Arrays.copyOfRange(b, at, at + len));
                case 3 -> b = java.util.Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] other = inputs.get(r.nextInt(inputs.size()));
                    int from = other.length == 0 ? 0 : r.nextInt(other.length);
                    b = splice(b, at, at, java.util.Arrays.copyOfRange(other, from,
                            Math.min(other.length, from + 1 + r.nextInt(64))));
                }
                default -> {
                    byte[] run = new byte[1 + r.nextInt(64)];
                    java.util.Arrays.fill(run, alphabet[r.nextInt(alphabet.length)]);
                    b = splice(b, at, at, run);
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    /** A check of one input that may throw anything (an AssertionError when the input breaks the property). */
    @FunctionalInterface
    public interface Check {
        void run(byte[] input) throws Exception;
    }

    /**
     * Runs {@code check} on {@code input} within {@link #BOUND}. On any failure (a throwable or a hang) the input is
     * written to {@code target/fuzz-crashers/<kind>/<sha-256>} and an AssertionError names that file.
     */
    public void check(byte[] input, Check check) {
        Future<?> f = RUNNER.submit(() -> {
            check.run(input);
            return null;
        });
        try {
            f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("input took longer than " + BOUND + "; kept as " + keep(input));
        } catch (ExecutionException e) {
            throw new AssertionError("input broke the property; kept as " + keep(input), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Checks inputs drawn from {@code inputs} one after another until {@code budget} has passed (a fixed time, not
     * a fixed number of tries), each as {@link #check}; returns how many were checked.
     */
    public long checkFor(Duration budget, Arbitrary<byte[]> inputs, Check check) {
        long deadline = System.nanoTime() + budget.toNanos();
        java.util.Iterator<byte[]> next = inputs.sampleStream().iterator();
        long checked = 0;
        while (System.nanoTime() < deadline) {
            check(next.next(), check);
            checked++;
        }
        return checked;
    }

    private Path keep(byte[] input) {
        try {
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
            Path dir = Files.createDirectories(Path.of("target", "fuzz-crashers", kind));
            return Files.write(dir.resolve(name.substring(0, 16)), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
