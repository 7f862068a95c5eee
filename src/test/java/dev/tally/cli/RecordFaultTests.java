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

/**
 * Issue #11 part 2, as a user runs it: one record whose timestamp is outside the supported range (or whose
 * per-record steps fail in any other way) is a dead letter with its reason; it never fails the job.
 */
class RecordFaultTests {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(Path spec, Path input, int parallelism) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunCommand.run(new String[] {"--spec", spec.toString(), "--input", input.toString(),
                "--parallelism", Integer.toString(parallelism)}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path spec(String format) throws IOException {
        return Files.writeString(dir.resolve("job.yaml"), """
                name: overflow
                source: { kind: kafka, topic: unused }
                time: { field: ts, format: %s, outOfOrderness: 1s }
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                """.formatted(format));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void anIsoTimestampBeyondTheRangeIsADeadLetterNotAJobFailure(int p) throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), """
                {"k":"a","ts":"1970-01-01T00:00:01Z"}
                {"k":"overflow","ts":"+300000000-01-01T00:00:00Z"}
                {"k":"a","ts":"1970-01-01T00:00:01.500Z"}
                """);
        Run r = run(spec("iso-8601"), input, p);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("window_start,window_end,key,n,firing,revision\n1000,2000,a,2,ON_TIME,0\n");
        assertThat(r.err()).contains("read 3, filtered 0, dead-lettered 1, late-dropped 0, results 1")
                .contains("TIMESTAMP_OUT_OF_RANGE 1");
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void epochMillisBeyondTheRangeAreDeadLettersInEveryNotation(int p) throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), """
                {"k":"a","ts":1000}
                {"k":"x","ts":"9223372036854775807"}
                {"k":"x","ts":"-9223372036854775808"}
                {"k":"x","ts":9223372036854775807}
                {"k":"x","ts":-9.3e18}
                {"k":"x","ts":"4611686018427387904"}
                {"k":"x","ts":"123456789012345678901234567890"}
                {"k":"a","ts":"1500"}
                """);
        Run r = run(spec("epoch-millis"), input, p);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("window_start,window_end,key,n,firing,revision\n1000,2000,a,2,ON_TIME,0\n");
        assertThat(r.err()).contains("read 8, filtered 0, dead-lettered 6, late-dropped 0, results 1")
                .contains("TIMESTAMP_OUT_OF_RANGE 6");
    }
}
