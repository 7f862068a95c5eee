package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
              - { name: spend, kind: sum, field: p }
              - { name: price, kind: avg, field: p }
            """;

    @TempDir
    static Path dir;
    private static LocalFlink flink;
    private static Path input;

    @BeforeAll
    static void start() throws Exception {
        flink = new LocalFlink(Files.createDirectories(dir.resolve("flink-upload")));
        input = dir.resolve("events.jsonl");
        Files.write(input, EngineRuns.events());
    }

    @AfterAll
    static void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
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
        EngineRuns.Outputs flinkOut = assertSameResults(spec("{ kind: tumbling, size: 1s, offset: 100ms }",
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
        EngineRuns.Outputs out = assertSameResults(spec("{ kind: tumbling, size: 2s }",
                "trigger: { early: 300ms }\nallowedLateness: 500ms"));
        assertThat(out.results()).anyMatch(r -> r.contains("\"firing\":\"EARLY\""));
    }

    @Test
    void globalWindowsWithACountTriggerAgree() throws Exception {
        assertSameResults(spec("{ kind: global }", "trigger: { count: 4 }"));
        // without a count trigger a global window never fires, even at the end of the input
        assertThat(sameResults(spec("{ kind: global }", "trigger: { purge: true }")).results()).isEmpty();
    }

    @Test
    void countTriggerWithPurgeAgrees() throws Exception {
        assertSameResults(spec("{ kind: tumbling, size: 1s }", "trigger: { count: 3, purge: true }"));
    }

    @Test
    void evictorsAgree() throws Exception {
        assertSameResults(spec("{ kind: tumbling, size: 1s }", "evictor: { kind: count, count: 3 }"));
        assertSameResults(spec("{ kind: tumbling, size: 1s }", "evictor: { kind: time, interval: 200ms, after: true }"));
        assertSameResults(spec("{ kind: tumbling, size: 1s }", "evictor: { kind: delta, threshold: 300, field: v }"));
    }

    /** Runs the spec on both engines, asserts equal sorted outputs and that there are some; returns Flink's. */
    private EngineRuns.Outputs assertSameResults(String yaml) throws Exception {
        EngineRuns.Outputs onFlink = sameResults(yaml);
        assertThat(onFlink.results()).as("results").isNotEmpty();
        return onFlink;
    }

    /** Runs the spec on both engines and asserts equal sorted outputs; returns Flink's. */
    private EngineRuns.Outputs sameResults(String yaml) throws Exception {
        JobSpec spec = SpecParser.parse(yaml).spec();
        EngineRuns.Outputs embedded = EngineRuns.embedded(spec, dir);
        EngineRuns.Outputs onFlink = flink(spec);
        EngineRuns.assertSame(spec, onFlink, embedded);
        return onFlink;
    }

    private static EngineRuns.Outputs flink(JobSpec spec) throws Exception {
        Path out = Files.createTempDirectory(dir, "flink-out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TallyFlinkJob.build(env, new TallyFlinkJob.Options(spec, "differential", null, out.toString(),
                "127.0.0.1:1", dir.toString()));
        flink.run(env);
        List<String> late = EngineRuns.lines(out, "late-");
        return new EngineRuns.Outputs(EngineRuns.lines(out, "results-"), late, late.size());
    }

}
