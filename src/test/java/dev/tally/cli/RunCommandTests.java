package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.io.generator.AdEventGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded local run, as a user calls it, including conformance case 64. */
class RunCommandTests {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path spec(String window) throws IOException {
        return Files.writeString(dir.resolve("job.yaml"), """
                name: disorder
                source: { kind: kafka, topic: unused }
                time: { field: event_time, outOfOrderness: 300ms }
                filter: event_type == "view"
                key: lookup("campaigns", ad_id)
                lookups: [ { name: campaigns, file: config/campaigns.csv } ]
                window: %s
                aggregates: [ { name: views, kind: count }, { name: users, kind: distinct, field: user_id } ]
                """.formatted(window));
    }

    /** 20,000 ad events, shuffled in blocks of 50 (up to ~2 s of disorder at 25 events/s): many late drops. */
    private Path disorderedInput() throws IOException {
        AdEventGenerator gen = new AdEventGenerator(7, 1_700_000_000_000L, 0.025);
        List<byte[]> events = new ArrayList<>();
        Random random = new Random(11);
        for (int block = 0; block < 400; block++) {
            List<byte[]> b = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                b.add(gen.event(block * 50L + i));
            }
            Collections.shuffle(b, random);
            events.addAll(b);
        }
        Path input = dir.resolve("events.jsonl");
        try (OutputStream out = Files.newOutputStream(input)) {
            for (byte[] e : events) {
                out.write(e);
                out.write('\n');
            }
        }
        return input;
    }

    @Test
    void case64_boundedRunIsByteIdenticalAcrossRunsAndParallelism() throws Exception {
        Path input = disorderedInput();
        for (String window : List.of("{ kind: tumbling, size: 10s }", "{ kind: sliding, size: 10s, slide: 5s }",
                "{ kind: session, gap: 3s }")) {
            Path spec = spec(window);
            Run first = run("--spec", spec.toString(), "--input", input.toString(), "--parallelism", "1");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.err()).contains("read 20000");
            if (window.contains("tumbling")) {
                assertThat(first.err()).as("the disorder makes some elements late").doesNotContain("late-dropped 0,");
            }
            assertThat(first.out().lines().count()).isGreaterThan(10);
            for (int p = 1; p <= 3; p++) {
                Run again = run("--spec", spec.toString(), "--input", input.toString(), "--parallelism", "" + p);
                assertThat(again.out()).as("window %s at parallelism %d", window, p).isEqualTo(first.out());
            }
        }
    }

    @Test
    void case64_filteredRecordsStillAdvanceTheWatermark() throws Exception {
        Path input = Files.writeString(dir.resolve("e.jsonl"), String.join("\n",
                event(0, "view", 5_000), event(1, "click", 20_000), event(2, "view", 6_000)) + "\n");
        Run r = run("--spec", spec("{ kind: tumbling, size: 10s }").toString(), "--input", input.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("window_start,window_end,key,views,users,firing,revision\n"
                + "0,10000,campaign-000,1,1,ON_TIME,0\n");
        assertThat(r.err()).contains("read 3, filtered 1, dead-lettered 0, late-dropped 1, results 1");
        // in this test JVM the time since the JVM started is the test run's, so only its form is checked
        assertThat(r.err()).containsPattern("\nstart-up: first record read \\d+ ms after the JVM started\n");
    }

    @Test
    void malformedInputIsCountedByReasonAndNeverStopsTheRun() throws Exception {
        byte[] invalidUtf8 = {'{', '"', 'a', 'd', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String huge = "{\"pad\":\"" + "x".repeat(1_000_000) + "\"," + event(0, "view", 1_000).substring(1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (String line : List.of(event(0, "view", 1_000), "{\"ad_id\": \"trunc", "[1,2,3]",
                "{\"event_type\":\"view\",\"ad_id\":\"x\"}", "{\"event_type\":\"view\",\"event_time\":true}",
                "{\"event_type\":\"view\",\"event_time\":\"12:00\",\"ad_id\":\"x\"}",
                "{\"event_type\":\"view\",\"event_time\":\"2000\",\"ad_id\":\"no-such-ad\"}", huge)) {
            file.write(line.getBytes(StandardCharsets.UTF_8));
            file.write('\n');
        }
        file.write(invalidUtf8);
        file.write('\n');
        file.write(event(1, "view", 2_000).getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("bad.jsonl"), file.toByteArray());
        Run r = run("--spec", spec("{ kind: tumbling, size: 10s }").toString(), "--input", input.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("0,10000,campaign-000,3,2,ON_TIME,0");
        assertThat(r.err()).contains("read 10, filtered 0, dead-lettered 7, late-dropped 0, results 1");
    }

    @Test
    void keepsOnlyTheLastCheckpointsAndResumesFromTheLatest() throws Exception {
        Path spec = Files.writeString(dir.resolve("ck.yaml"), """
                name: ck
                source: { kind: generator, rate: 100000, partitions: 4, seed: 5, baseTime: 1700000000000, paced: true }
                time: { field: event_time, outOfOrderness: 1s }
                key: event_type
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                checkpoints: { interval: 50ms, retain: 2, mode: at-least-once }
                """);
        Path state = dir.resolve("state");
        Run first = run("--spec", spec.toString(), "--count", "150000", "--state-dir", state.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).containsPattern("checkpoints ([3-9]|\\d\\d+) at-least-once");
        try (var dirs = Files.list(state.resolve("checkpoints"))) {
            assertThat(dirs.filter(Files::isDirectory).count()).isEqualTo(2);
        }
        Run again = run("--spec", spec.toString(), "--count", "150000", "--state-dir", state.toString());
        // nothing is read again; the summary gives the whole job's figures, restored with the state
        assertThat(again.err()).contains("resuming from checkpoint").contains("read 150000,");
    }

    private Path checkpointedSpec() throws IOException {
        return Files.writeString(dir.resolve("ck2.yaml"), """
                name: ck2
                source: { kind: generator, rate: 100000, partitions: 4, seed: 5, baseTime: 1700000000000, paced: true }
                time: { field: event_time, outOfOrderness: 1s }
                key: event_type
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                checkpoints: { interval: 50ms, retain: 2, mode: at-least-once }
                """);
    }

    /** Issue #11, part 1: the newest checkpoint's manifest cut in half, emptied or deleted. */
    @Test
    void anUnreadableNewestCheckpointIsRefusedUntouchedUntilTheUserChoosesAnOlderOne() throws Exception {
        Path spec = checkpointedSpec();
        for (String damage : List.of("half", "empty", "deleted")) {
            String parallelism = damage.equals("empty") ? "1" : "3";
            Path state = dir.resolve("state-" + damage);
            Run first = run("--spec", spec.toString(), "--count", "150000", "--state-dir", state.toString(),
                    "--parallelism", parallelism);
            assertThat(first.code()).as(first.err()).isZero();
            Path checkpoints = state.resolve("checkpoints");
            List<dev.tally.engine.snapshot.SnapshotStore.Stored> both =
                    new dev.tally.engine.snapshot.FileSnapshotStore(checkpoints).list();
            assertThat(both).hasSize(2);
            String older = both.get(0).id();
            Path manifest = checkpoints.resolve(both.get(1).id()).resolve("manifest.json");
            byte[] bytes = Files.readAllBytes(manifest);
            switch (damage) {
                case "half" -> Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
                case "empty" -> Files.write(manifest, new byte[0]);
                default -> Files.delete(manifest);
            }
            List<String> before = listing(checkpoints);

            Run refused = run("--spec", spec.toString(), "--count", "150000", "--state-dir", state.toString(),
                    "--parallelism", parallelism);
            assertThat(refused.code()).as(damage).isEqualTo(1);
            assertThat(refused.out()).as("no results written").isEmpty();
            assertThat(refused.err()).contains("refusing to resume", both.get(1).id(), "manifest.json",
                    "--from-checkpoint " + older);
            assertThat(listing(checkpoints)).as("the state directory is untouched").isEqualTo(before);

            Run chosen = run("--spec", spec.toString(), "--count", "150000", "--state-dir", state.toString(),
                    "--parallelism", parallelism, "--from-checkpoint", older);
            assertThat(chosen.code()).as(chosen.err()).isZero();
            assertThat(chosen.err()).contains("set aside .quarantined-" + both.get(1).id())
                    .contains("resuming, as chosen, from checkpoint " + both.get(0).manifest().checkpointId());
            assertThat(checkpoints.resolve(".quarantined-" + both.get(1).id())).isDirectory();
        }
    }

    @Test
    void theOnlyCheckpointUnreadableIsRefusedNotAFreshStart() throws Exception {
        Path spec = Files.writeString(dir.resolve("ck1.yaml"), Files.readString(checkpointedSpec())
                .replace("retain: 2", "retain: 1"));
        Path state = dir.resolve("state");
        assertThat(run("--spec", spec.toString(), "--count", "50000", "--state-dir", state.toString()).code()).isZero();
        try (var dirs = Files.list(state.resolve("checkpoints"))) {
            Path only = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            Files.delete(only.resolve("manifest.json"));
        }
        Run refused = run("--spec", spec.toString(), "--count", "50000", "--state-dir", state.toString(),
                "--parallelism", "3");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("No readable checkpoint is left");
    }

    private static List<String> listing(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return s.map(p -> root.relativize(p) + (Files.isRegularFile(p) ? ":" + p.toFile().length() : ""))
                    .sorted().toList();
        }
    }

    @Test
    void helpPrintsTheUsageAndAMissingSpecSaysNoSuchFile() {
        for (String flag : List.of("--help", "-h")) {
            Run help = run(flag);
            assertThat(help.code()).isZero();
            assertThat(help.out()).contains("usage: tally run", "--from-checkpoint");
        }
        Run missing = run("--spec", dir.resolve("nope.yaml").toString(), "--input", "x.jsonl");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--spec: no such file");
    }

    @Test
    void badCommandLinesAndSpecsExitWithTwoAndSayWhy() throws Exception {
        assertThat(run("--input", "x.jsonl").err()).contains("--spec is required");
        Run unbounded = run("--spec", spec("{ kind: tumbling, size: 10s }").toString());
        assertThat(unbounded.code()).isEqualTo(2);
        assertThat(unbounded.err()).contains("use --input, --count or --until-end");
        Run invalid = run("--spec", spec("{ kind: tumbling, size: 0s }").toString(), "--input", "x");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err()).contains("/window/size: must be positive");
    }

    @Test
    void writesJsonLinesWhenAskedAndCountsGeneratedEvents() throws Exception {
        Path spec = Files.writeString(dir.resolve("gen.yaml"), """
                name: gen
                source: { kind: generator, rate: 1000, partitions: 4, seed: 3, baseTime: 1700000000000 }
                time: { field: event_time, outOfOrderness: 1s }
                key: event_type
                window: { kind: tumbling, size: 10s }
                aggregates: [ { name: n, kind: count } ]
                parallelism: 3
                """);
        Path out = dir.resolve("out.jsonl");
        Run r = run("--spec", spec.toString(), "--count", "30000", "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).allMatch(l -> l.startsWith("{\"key\":"));
        long total = lines.stream().mapToLong(l -> Long.parseLong(l.replaceAll(".*\"n\":(\\d+).*", "$1"))).sum();
        assertThat(total).isEqualTo(30000);
    }

    private static String event(int ad, String type, long time) {
        return "{\"user_id\":\"u" + ad + "\",\"ad_id\":\"" + AdEventGenerator.adId(ad) + "\",\"event_type\":\"" + type
                + "\",\"event_time\":\"" + time + "\"}";
    }
}
