package dev.tally.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecParserTests {

    private static final String YAML = """
            name: campaign-views
            source: { kind: kafka, topic: ad-events }
            time: { field: event_time, outOfOrderness: 1s }
            filter: event_type == "view"
            key: lookup("campaigns", ad_id)
            lookups: [ { name: campaigns, file: config/campaigns.csv } ]
            window: { kind: tumbling, size: 10s }
            aggregates: [ { name: views, kind: count } ]
            """;

    @Test
    void readsYamlAndJsonIntoTheSameSpecAndHash() {
        ParsedSpec yaml = SpecParser.parse(YAML);
        String json = """
                {"name":"campaign-views","source":{"kind":"kafka","topic":"ad-events"},
                 "time":{"outOfOrderness":"1s","field":"event_time"},"filter":"event_type == \\"view\\"",
                 "key":"lookup(\\"campaigns\\", ad_id)","lookups":[{"name":"campaigns","file":"config/campaigns.csv"}],
                 "window":{"kind":"tumbling","size":"10s"},"aggregates":[{"name":"views","kind":"count"}]}
                """;
        ParsedSpec fromJson = SpecParser.parse(json);
        assertThat(fromJson.spec()).isEqualTo(yaml.spec());
        assertThat(fromJson.hash()).isEqualTo(yaml.hash());
        assertThat(yaml.spec().window()).isEqualTo(WindowSpec.tumbling(Duration.ofSeconds(10)));
        assertThat(yaml.spec().time().outOfOrderness()).isEqualTo(Duration.ofSeconds(1));
        assertThat(yaml.spec().maxParallelism()).isEqualTo(128);
    }

    @Test
    void case05_invalidWindowsNameTheField() {
        assertThat(errors(YAML.replace("size: 10s", "size: 10s, offset: 10s"))).contains("/window/offset");
        assertThat(errors(YAML.replace("kind: tumbling, size: 10s", "kind: sliding, size: 1s, slide: 500ms, offset: 500ms")))
                .contains("/window/offset");
        assertThat(errors(YAML.replace("size: 10s", "size: 0s"))).contains("/window/size");
        assertThat(errors(YAML.replace("kind: tumbling, size: 10s", "kind: session, gap: -1s"))).contains("/window/gap");
    }

    @Test
    void reportsEveryProblemWithItsPointer() {
        String bad = """
                name: Bad Name
                source: { kind: kafka }
                window: { kind: hopping }
                aggregates: [ { name: n, kind: count, extra: 1 } ]
                parallelism: 0
                """;
        assertThat(errors(bad)).contains("/name", "/source/topic", "/time/field", "/window/kind",
                "/aggregates/0/extra", "/parallelism");
    }

    @Test
    void expressionErrorsNameLineAndColumn() {
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> SpecParser.parse(YAML.replace("event_type == \"view\"", "event_type = \"view\"")));
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.pointer()).isEqualTo("/filter");
            assertThat(err.message()).contains("line 1, column 12");
        });
    }

    @Test
    void refusesInvalidCombinationsNamingTheField() {
        String count = YAML.replace("kind: tumbling, size: 10s", "kind: count, count: 3");
        assertThat(errors(count + "trigger: { count: 2 }\n")).containsExactly("/trigger");
        assertThat(errors(YAML.replace("kind: tumbling, size: 10s", "kind: count, count: 3, countSlide: 4")))
                .containsExactly("/window/countSlide");
        assertThat(errors(YAML + "trigger: { early: 1s, count: 2 }\n")).containsExactly("/trigger/early");
        assertThat(errors(YAML.replace("field: event_time,", "mode: processing,") + "trigger: { early: 1s }\n"))
                .containsExactly("/trigger/early");
        String session = YAML.replace("kind: tumbling, size: 10s", "kind: session, gap: 5s");
        assertThat(errors(session + "evictor: { kind: count, count: 2 }\n")).containsExactly("/evictor");
        assertThat(errors(YAML + "evictor: { kind: delta, threshold: 2 }\n")).containsExactly("/evictor/field");
        assertThat(errors(YAML + "evictor: { kind: time }\n")).containsExactly("/evictor/interval");
        assertThat(errors(YAML + "sinks: [ { kind: table } ]\n")).containsExactly("/sinks/0/output");
        assertThat(errors(YAML + "sinks: [ { kind: kafka, output: late } ]\n")).containsExactly("/sinks/0/topic");
        assertThat(errors(YAML.replace("{ name: views, kind: count }", "{ name: s, kind: sum }")))
                .containsExactly("/aggregates/0/field");
    }

    @Test
    void case36_warnsWhereATriggerChoiceDropsData() {
        assertThat(SpecParser.parse(YAML).warnings()).isEmpty();
        assertThat(SpecParser.parse(YAML + "trigger: { count: 2 }\n").warnings())
                .extracting(SpecError::pointer).containsExactly("/trigger/count");
        assertThat(SpecParser.parse(YAML.replace("kind: tumbling, size: 10s", "kind: global")).warnings())
                .extracting(SpecError::pointer).containsExactly("/window/kind");
        assertThat(SpecParser.parse(YAML.replace("field: event_time,", "mode: processing,")
                + "allowedLateness: 1s\n").warnings()).extracting(SpecError::pointer).containsExactly("/allowedLateness");
    }

    /** Issue #18: with at-least-once checkpoints the Kafka outputs are at least once, and the spec says so. */
    @Test
    void warnsThatKafkaOutputsAreAtLeastOnceWithAtLeastOnceCheckpoints() {
        String sinks = "sinks: [ { kind: kafka, topic: out }, { kind: kafka, topic: late, output: late } ]\n";
        assertThat(SpecParser.parse(YAML + sinks + "checkpoints: { interval: 1s, mode: exactly-once }\n")
                .warnings()).isEmpty();
        assertThat(SpecParser.parse(YAML + "checkpoints: { interval: 1s, mode: at-least-once }\n").warnings())
                .isEmpty();
        assertThat(SpecParser.parse(YAML + sinks + "checkpoints: { interval: 1s, mode: at-least-once }\n")
                .warnings()).extracting(SpecError::pointer).containsExactly("/checkpoints/mode");
    }

    /** No transactions with at-least-once checkpoints, so their timeout cannot bound the interval. */
    @Test
    void boundsTheCheckpointIntervalByTheTransactionTimeoutOnlyForExactlyOnce() {
        assertThat(SpecParser.parse(YAML + "checkpoints: { interval: 1h, mode: at-least-once }\n").spec()
                .checkpoints().interval()).hasHours(1);
        assertThat(errors(YAML + "checkpoints: { interval: 1h, mode: exactly-once }\n"))
                .containsExactly("/checkpoints/transactionTimeout");
    }

    @Test
    void unreadableTextIsRefused() {
        assertThat(errors("{ not json")).containsExactly("");
    }

    private static java.util.List<String> errors(String text) {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text));
        assertThat(e).as("expected the spec to be refused").isNotNull();
        return e.errors().stream().map(SpecError::pointer).toList();
    }
}
