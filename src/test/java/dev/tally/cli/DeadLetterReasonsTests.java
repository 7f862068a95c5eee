package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally run} says why records were dead-lettered: their counts by reason, after the summary line. */
class DeadLetterReasonsTests {

    @TempDir
    Path dir;

    @Test
    void printsTheDeadLetterCountsByReason() throws Exception {
        Path spec = Files.writeString(dir.resolve("job.yaml"), """
                name: reasons
                source: { kind: kafka, topic: unused }
                time: { field: event_time }
                key: ad_id
                window: { kind: tumbling, size: 10s }
                aggregates: [ { name: views, kind: count } ]
                """);
        Path input = Files.writeString(dir.resolve("in.jsonl"), String.join("\n",
                "{\"ad_id\":\"a\",\"event_time\":1000}",
                "{\"ad_id\": \"trunc",
                "[1,2,3]",
                "{\"ad_id\":\"a\"}",
                "{\"ad_id\":\"a\",\"event_time\":\"12:00\"}") + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunCommand.run(new String[] {"--spec", spec.toString(), "--input", input.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(e).isZero();
        assertThat(e).contains("dead-lettered 4,");
        String line = e.lines().filter(l -> l.startsWith("dead letters by reason: ")).findFirst().orElse("(none)");
        assertThat(line).isEqualTo(
                "dead letters by reason: MALFORMED_JSON 1, NOT_AN_OBJECT 1, MISSING_TIMESTAMP 1, INVALID_TIMESTAMP 1");
    }
}
