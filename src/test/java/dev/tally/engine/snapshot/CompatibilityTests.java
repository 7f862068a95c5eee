package dev.tally.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import org.junit.jupiter.api.Test;

/** The compatibility report speaks in spec values ({@code window.size: 10s → 5s}), never in Java records. */
class CompatibilityTests {

    private static JobSpec spec(String window, String aggregates) {
        return SpecParser.parse("""
                name: c
                source: { kind: kafka, topic: t }
                time: { field: ts }
                key: k
                window: %s
                aggregates: %s
                """.formatted(window, aggregates), true).spec();
    }

    @Test
    void reportNamesTheChangedMembersWithTheirSpecValues() {
        Compatibility.Report r = Compatibility.check(
                spec("{ kind: tumbling, size: 10s }", "[ { name: views, kind: count } ]"),
                spec("{ kind: tumbling, size: 5s }", "[ { name: views, kind: sum, field: n } ]"));
        assertThat(r.compatible()).isFalse();
        Compatibility.Change window = r.changes().get(0);
        assertThat(window.field()).isEqualTo("/window");
        assertThat(window.from()).isEqualTo("{kind: tumbling, size: 10s, offset: 0s}");
        assertThat(window.to()).isEqualTo("{kind: tumbling, size: 5s, offset: 0s}");
        assertThat(window.summary()).isEqualTo("window.size: 10s → 5s");
        assertThat(r.problems()).isEqualTo("window.size: 10s → 5s (the window state is laid out by it); "
                + "aggregates[0].kind: count → sum, aggregates[0].field: none → n (accumulators hold the old aggregates)");
        assertThat(r.toString() + r.problems()).doesNotContain("WindowSpec[", "PT10S", "AggregateSpec[");
    }
}
