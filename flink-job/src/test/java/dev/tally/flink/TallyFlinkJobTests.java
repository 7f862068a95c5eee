package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.engine.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** Building the Flink job from a spec: arguments, refusals, uids and max parallelism (no cluster needed). */
class TallyFlinkJobTests {

    private static final String SPEC = """
            name: views
            source: { kind: kafka, topic: ad-events }
            time: { field: ts, outOfOrderness: 1s, idleTimeout: 5s }
            key: campaign
            window: { kind: tumbling, size: 10s }
            aggregates: [ { name: views, kind: count } ]
            sinks: [ { kind: kafka, topic: views, output: results } ]
            checkpoints: { interval: 10s, mode: exactly-once }
            parallelism: 2
            maxParallelism: 256
            """;

    @Test
    void readsItsProgramArguments() {
        String b64 = Base64.getEncoder().encodeToString(SPEC.getBytes(StandardCharsets.UTF_8));
        TallyFlinkJob.Options o = TallyFlinkJob.Options.parse("--spec", b64, "--tally-job", "views-7",
                "--bootstrap-servers", "127.0.0.1:19092");
        assertThat(o.spec().name()).isEqualTo("views");
        assertThat(o.tallyJob()).isEqualTo("views-7");
        assertThat(o.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThatThrownBy(() -> TallyFlinkJob.Options.parse("--tally-job", "x"))
                .hasMessageContaining("--spec");
        assertThatThrownBy(() -> TallyFlinkJob.Options.parse("--spec", b64, "--parallel", "2"))
                .hasMessageContaining("unknown argument --parallel");
    }

    @Test
    void pinsMaxParallelismAndGivesEveryOperatorAStableUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TallyFlinkJob.build(env, new TallyFlinkJob.Options(SpecParser.parse(SPEC).spec(), "views", null, null,
                "127.0.0.1:9092", "."));
        StreamGraph graph = env.getStreamGraph();
        assertThat(graph.getStreamNodes()).isNotEmpty();
        for (StreamNode node : graph.getStreamNodes()) {
            // sink-internal operators derive theirs from the sink's ("Sink Committer: tally-kafka-...")
            assertThat(node.getTransformationUID()).as(node.getOperatorName()).contains("tally-");
        }
        assertThat(env.getMaxParallelism()).isEqualTo(256);
        assertThat(graph.getStreamNodes()).anyMatch(n -> n.getTransformationUID().equals("tally-window"));
    }

    @Test
    void refusesASpecWithAnUnsupportedFeatureNamingIt() {
        String session = SPEC.replace("{ kind: tumbling, size: 10s }", "{ kind: session, gap: 5s }")
                + "allowedLateness: 1m\n";
        assertThatThrownBy(() -> TallyFlinkJob.build(StreamExecutionEnvironment.getExecutionEnvironment(),
                new TallyFlinkJob.Options(SpecParser.parse(session).spec(), "s", null, null, "x:1", ".")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/window (window: session)");
    }
}
