package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue #11 part 3: integer inputs stay exact end to end in a bounded run, at any parallelism. */
class IntegerAggregateTests {

    @TempDir
    Path dir;

    private String run(Path spec, Path input, int parallelism, Path output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--spec", spec.toString(),
                "--input", input.toString(), "--parallelism", "" + parallelism));
        if (output != null) {
            args.addAll(java.util.List.of("--output", output.toString()));
        }
        int code = RunCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path spec(String aggregates) throws IOException {
        return Files.writeString(dir.resolve("job.yaml"), """
                name: money
                source: { kind: kafka, topic: unused }
                time: { field: ts, outOfOrderness: 0s }
                key: k
                window: { kind: tumbling, size: 10s }
                aggregates: %s
                """.formatted(aggregates));
    }

    private Path input(String... lines) throws IOException {
        return Files.writeString(dir.resolve("in.jsonl"), String.join("\n", lines) + "\n");
    }

    private Path issueInput() throws IOException {
        return input("{\"k\":\"a\",\"ts\":1000,\"v\":-9223372026854775808}",
                "{\"k\":\"a\",\"ts\":1001,\"v\":9223372026854775807}",
                "{\"k\":\"b\",\"ts\":1002,\"v\":9007199254740993}",
                "{\"k\":\"a\",\"ts\":1003,\"v\":1000}",
                "{\"k\":\"a\",\"ts\":1004,\"v\":-500}");
    }

    private static final String SUM_MIN_MAX = "[ { name: sum, kind: sum, field: v },"
            + " { name: min, kind: min, field: v }, { name: max, kind: max, field: v } ]";

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void sumMinMaxOfIntegersAreExactInCsv(int parallelism) throws Exception {
        String out = run(spec(SUM_MIN_MAX), issueInput(), parallelism, null);
        assertThat(out).isEqualTo("""
                window_start,window_end,key,sum,min,max,firing,revision
                0,10000,a,499,-9223372026854775808,9223372026854775807,ON_TIME,0
                0,10000,b,9007199254740993,9007199254740993,9007199254740993,ON_TIME,0
                """);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void sumMinMaxOfIntegersAreExactInJsonLines(int parallelism) throws Exception {
        Path output = dir.resolve("out.jsonl");
        run(spec(SUM_MIN_MAX), issueInput(), parallelism, output);
        assertThat(Files.readString(output)).isEqualTo("""
                {"key":"a","windowStart":0,"windowEnd":10000,"timestamp":9999,"values":{"sum":499,\
                "min":-9223372026854775808,"max":9223372026854775807},"firing":"ON_TIME","revision":0}
                {"key":"b","windowStart":0,"windowEnd":10000,"timestamp":9999,"values":{"sum":9007199254740993,\
                "min":9007199254740993,"max":9007199254740993},"firing":"ON_TIME","revision":0}
                """);
    }
}
