package dev.tally.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tally.engine.time.Timestamps;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every spec duration is at most {@link Timestamps#MAX_DURATION} (2^62 - 1 ms), so that a time in the supported
 * range plus or minus one duration never overflows; a longer one is an error naming the field, never an
 * exception while parsing.
 */
class DurationLimitTests {

    private static String spec(String window, String lateness) {
        return """
                name: limits
                source: { kind: file, path: in.jsonl }
                time: { field: t }
                window: %s
                allowedLateness: %s
                aggregates: [ { name: n, kind: count } ]
                """.formatted(window, lateness);
    }

    @Test
    void theLongestDurationIsAccepted() {
        JobSpec s = SpecParser.parse(spec("{ kind: tumbling, size: " + Timestamps.MAX_DURATION + "ms }",
                Timestamps.MAX_DURATION + "ms")).spec();
        assertThat(s.window().size()).isEqualTo(Duration.ofMillis(Timestamps.MAX_DURATION));
        assertThat(s.allowedLateness()).isEqualTo(Duration.ofMillis(Timestamps.MAX_DURATION));
    }

    @Test
    void longerDurationsAreErrorsNamingTheField() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(spec(
                "{ kind: tumbling, size: " + (Timestamps.MAX_DURATION + 1) + "ms }", "9999999999999999999d")));
        assertThat(e.errors()).extracting(SpecError::pointer).containsExactly("/window/size", "/allowedLateness");
        assertThat(e.errors().get(0).message()).contains("at most 4611686018427387903ms");
    }
}
