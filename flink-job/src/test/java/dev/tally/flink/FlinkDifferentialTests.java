package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.io.kafka.ResultJson;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.runtime.LateElement;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same specs over the same bounded input, once through the embedded engine and once as the translated job on a
 * real in-process Flink cluster ({@link LocalFlink}; the job graph is executed on the MiniCluster directly, not
 * uploaded as a jar), must give the same result records (key, window, every aggregate value, firing, revision) and
 * the same late elements, compared sorted. Values are compared exactly: integer aggregates are exact on both, and
 * avg and distinct come from the same accumulator code, whose results do not depend on the order of the inputs.
 * The input is one file (one partition) with per-record watermarks, disorder and records behind the watermark.
 */
class FlinkDifferentialTests {

    private static final String AGGREGATES = """
            aggregates:
              - { name: n, kind: count }
              - { name: total, kind: sum, field: v }
              - { name: low, kind: min, field: v }
              - { name: high, kind: max, field: v }
              - { name: mean, kind: avg, field: v }
              - { name: users, kind: distinct, field: user }
            """;

    @TempDir
    static Path dir;
    private static LocalFlink flink;
    private static Path input;

    @BeforeAll
    static void start() throws Exception {
        flink = new LocalFlink(Files.createDirectories(dir.resolve("flink-upload")));
        input = dir.resolve("events.jsonl");
        Files.write(input, events());
    }

    @AfterAll
    static void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
    }

    /**
     * 3,000 events of keys A–E over about 90 s of event time, mostly in order with up to 300 ms of jitter; one in
     * 25 is 1.5–4 s behind (late for most windows), plus a dead letter and a filtered event now and then.
     */
    private static List<String> events() {
        Random random = new Random(16);
        List<String> lines = new ArrayList<>();
        long t = 1_000_000;
        for (int i = 0; i < 3000; i++) {
            t += 30;
            long ts = t + random.nextInt(300);
            if (i % 25 == 7) {
                ts -= 1500 + random.nextInt(2500);
            }
            String key = "ABCDE".substring(random.nextInt(5)).substring(0, 1);
            if (i % 97 == 0) {
                lines.add("{\"k\":\"" + key + "\",\"v\":1}"); // no timestamp: a dead letter
            }
            String kind = i % 41 == 0 ? "noise" : "view";
            lines.add("{\"ts\":" + ts + ",\"k\":\"" + key + "\",\"kind\":\"" + kind + "\",\"v\":"
                    + (random.nextInt(1000) - 50) + ",\"user\":\"u" + random.nextInt(60) + "\"}");
        }
        return lines;
    }

    private static String spec(String window, String extra) {
        return """
                name: differential
                source: { kind: file, path: %s }
                time: { field: ts, format: epoch-millis, outOfOrderness: 200ms }
                filter: kind == "view"
                key: k
                window: %s
                %s
                parallelism: 2
                maxParallelism: 128
                """.formatted(input, window, extra) + AGGREGATES;
    }

    @Test
    void tumblingWindowsWithLatenessAndLateOutputAgree() throws Exception {
        Outputs flinkOut = assertSameResults(spec("{ kind: tumbling, size: 1s, offset: 100ms }",
                "allowedLateness: 1500ms\nsinks: [ { kind: table, output: late } ]"));
        assertThat(flinkOut.results()).anyMatch(r -> r.contains("\"firing\":\"LATE\""));
        assertThat(flinkOut.late()).isNotEmpty();
    }

    @Test
    void slidingWindowsAgree() throws Exception {
        assertSameResults(spec("{ kind: sliding, size: 2s, slide: 500ms, offset: 100ms }",
                "sinks: [ { kind: table, output: late } ]"));
    }

    @Test
    void sessionWindowsAgree() throws Exception {
        assertSameResults(spec("{ kind: session, gap: 80ms }", ""));
    }

    @Test
    void countWindowsAgree() throws Exception {
        assertSameResults(spec("{ kind: count, count: 5 }", ""));
        assertSameResults(spec("{ kind: count, count: 6, countSlide: 2 }", ""));
    }

    @Test
    void earlyFiringsAgree() throws Exception {
        Outputs out = assertSameResults(spec("{ kind: tumbling, size: 2s }",
                "trigger: { early: 300ms }\nallowedLateness: 500ms"));
        assertThat(out.results()).anyMatch(r -> r.contains("\"firing\":\"EARLY\""));
    }

    @Test
    void countTriggerWithPurgeAgrees() throws Exception {
        assertSameResults(spec("{ kind: tumbling, size: 1s }", "trigger: { count: 3, purge: true }"));
    }

    @Test
    void evictorsAgree() throws Exception {
        assertSameResults(spec("{ kind: tumbling, size: 1s }", "evictor: { kind: count, count: 3 }"));
        assertSameResults(spec("{ kind: tumbling, size: 1s }", "evictor: { kind: time, interval: 200ms, after: true }"));
    }

    /** Runs the spec on both engines and asserts equal sorted outputs; returns Flink's. */
    private Outputs assertSameResults(String yaml) throws Exception {
        JobSpec spec = SpecParser.parse(yaml).spec();
        Outputs embedded = embedded(spec);
        Outputs onFlink = flink(spec);
        assertThat(embedded.results()).as("the embedded engine produces results").isNotEmpty();
        assertThat(difference(onFlink.results(), embedded.results())).as("results").isEmpty();
        // the embedded engine keeps its newest 100 late elements (and counts them all)
        if (!spec.hasOutput(dev.tally.engine.spec.SinkSpec.Output.LATE)) {
            assertThat(onFlink.late()).isEmpty();
        } else if (embedded.lateDropped() <= 100) {
            assertThat(onFlink.late()).as("late elements").hasSize((int) embedded.lateDropped());
            assertThat(difference(onFlink.late(), embedded.late())).as("late elements").isEmpty();
        } else {
            assertThat(onFlink.late()).as("late elements").hasSize((int) embedded.lateDropped());
            assertThat(onFlink.late()).containsAll(embedded.late());
        }
        return onFlink;
    }

    /** What only one side has (at most 10 lines of each), or empty when the sorted lists are equal. */
    private static List<String> difference(List<String> flink, List<String> embedded) {
        List<String> onlyFlink = new ArrayList<>(flink);
        embedded.forEach(onlyFlink::remove);
        List<String> onlyEmbedded = new ArrayList<>(embedded);
        flink.forEach(onlyEmbedded::remove);
        List<String> out = new ArrayList<>();
        onlyFlink.stream().limit(10).forEach(l -> out.add("only on Flink:    " + l));
        onlyEmbedded.stream().limit(10).forEach(l -> out.add("only embedded:    " + l));
        if (out.isEmpty() && !flink.equals(embedded)) {
            out.add("same lines, different order");
        }
        if (!out.isEmpty()) {
            out.add(0, flink.size() + " lines on Flink, " + embedded.size() + " embedded");
        }
        return out;
    }

    /** Result lines ({@link ResultJson}) and late records, each sorted. */
    record Outputs(List<String> results, List<String> late, long lateDropped) {
    }

    private static Outputs embedded(JobSpec spec) throws Exception {
        List<WindowResult> results = Collections.synchronizedList(new ArrayList<>());
        RunningJob job = new Engine(EngineConfig.defaults("127.0.0.1:1", dir)).start("differential", spec,
                JobOptions.defaults().withListener(results::add));
        assertThat(job.await(Duration.ofMinutes(1))).isTrue();
        assertThat(job.state()).isEqualTo(JobState.FINISHED);
        ResultJson json = new ResultJson(spec.aggregateNames(), new Aggregates(spec.aggregates()));
        List<String> lines;
        synchronized (results) {
            lines = results.stream().map(json::encode).sorted().toList();
        }
        List<String> late = job.late().stream().map(LateElement::excerpt).sorted().toList();
        return new Outputs(lines, late, job.metrics().lateDropped());
    }

    private static Outputs flink(JobSpec spec) throws Exception {
        Path out = Files.createTempDirectory(dir, "flink-out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TallyFlinkJob.build(env, new TallyFlinkJob.Options(spec, "differential", null, out.toString(),
                "127.0.0.1:1", dir.toString()));
        flink.run(env);
        List<String> late = lines(out, "late-");
        return new Outputs(lines(out, "results-"), late, late.size());
    }

    private static List<String> lines(Path out, String prefix) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return all.stream().sorted().toList();
    }
}
