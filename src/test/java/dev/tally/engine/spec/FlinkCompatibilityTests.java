package dev.tally.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.spec.FlinkCompatibility.Support;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkCompatibilityTests {

    private static final String BASE = """
            name: views
            source: { kind: kafka, topic: ad-events }
            time: { field: ts, outOfOrderness: 1s }
            key: campaign
            window: { kind: tumbling, size: 10s }
            aggregates: [ { name: views, kind: count }, { name: users, kind: distinct, field: user } ]
            """;

    private static FlinkCompatibility.Report check(String yaml) {
        return FlinkCompatibility.check(SpecParser.parse(yaml).spec());
    }

    private static Support support(FlinkCompatibility.Report r, String pointer) {
        List<FlinkCompatibility.Feature> f = r.features().stream().filter(x -> x.pointer().equals(pointer)).toList();
        assertThat(f).as(pointer).hasSize(1);
        return f.get(0).support();
    }

    @Test
    void anEventTimeTumblingKafkaJobRunsOnFlinkWithTheSavepointCaveat() {
        FlinkCompatibility.Report r = check(BASE);
        assertThat(r.runnable()).isTrue();
        assertThat(support(r, "/window")).isEqualTo(Support.SUPPORTED);
        assertThat(support(r, "/aggregates/1")).isEqualTo(Support.SUPPORTED);
        assertThat(support(r, "")).isEqualTo(Support.APPROXIMATE);
        assertThat(r.features()).filteredOn(f -> f.pointer().isEmpty()).singleElement()
                .satisfies(f -> assertThat(f.note()).contains("no watermark"));
    }

    @Test
    void refusesTheGeneratorAndSessionsThatFireMoreThanOnce() {
        FlinkCompatibility.Report generator = check(BASE.replace("{ kind: kafka, topic: ad-events }",
                "{ kind: generator, count: 10 }"));
        assertThat(generator.runnable()).isFalse();
        assertThat(generator.unsupported()).extracting(FlinkCompatibility.Feature::pointer).containsExactly("/source");

        String session = BASE.replace("{ kind: tumbling, size: 10s }", "{ kind: session, gap: 5s }");
        assertThat(check(session).runnable()).isTrue();
        FlinkCompatibility.Report late = check(session + "allowedLateness: 1m\n");
        assertThat(late.unsupported()).extracting(FlinkCompatibility.Feature::pointer).containsExactly("/window");
    }

    @Test
    void namesWhatRunsDifferently() {
        FlinkCompatibility.Report r = check(BASE.replace("outOfOrderness: 1s", "outOfOrderness: 1s, idleTimeout: 5s")
                + "sinks: [ { kind: table, output: late } ]\n");
        assertThat(r.runnable()).isTrue();
        assertThat(support(r, "/time/idleTimeout")).isEqualTo(Support.APPROXIMATE);
        assertThat(support(r, "/sinks/0")).isEqualTo(Support.APPROXIMATE);
        assertThat(support(r, "/sinks")).isEqualTo(Support.APPROXIMATE); // no Kafka sink for results
        assertThat(check(BASE.replace("{ kind: tumbling, size: 10s }", "{ kind: count, count: 5, flushOnEnd: true }"))
                .unsupported()).extracting(FlinkCompatibility.Feature::pointer).containsExactly("/window");
    }
}
