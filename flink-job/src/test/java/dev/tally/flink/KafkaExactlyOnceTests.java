package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka path against a real broker: a topic of two partitions read by Flink's KafkaSource with per-partition
 * watermarks (to the end offsets found at start), results written by the exactly-once KafkaSink with checkpoints;
 * a {@code read_committed} consumer must see exactly the embedded engine's results over the same topic, each once.
 * The out-of-orderness exceeds the input's disorder, so no element is late whatever order the partitions are
 * read in and both runs are deterministic.
 */
class KafkaExactlyOnceTests {

    @TempDir
    Path dir;

    @Test
    void kafkaSourceAndExactlyOnceSinkGiveTheEmbeddedEnginesResultsOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                LocalFlink flink = new LocalFlink(dir.resolve("upload"))) {
            String servers = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
                admin.createTopics(List.of(new NewTopic("events", 2, (short) 1), new NewTopic("results", 1, (short) 1)))
                        .all().get();
            }
            KafkaInput.produce(servers, EngineRuns.events());
            String yaml = KafkaInput.spec("kafka-eo", servers, "parallelism: 2\n");
            JobSpec plain = SpecParser.parse(yaml).spec();
            JobSpec exactlyOnce = SpecParser.parse(yaml + """
                    sinks: [ { kind: kafka, topic: results, output: results } ]
                    checkpoints: { interval: 500ms, mode: exactly-once, transactionTimeout: 60s }
                    """).spec();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TallyFlinkJob.build(env, new TallyFlinkJob.Options(exactlyOnce, "kafka-eo", null, null, servers,
                    dir.toString(), true));
            flink.run(env);

            EngineRuns.Outputs embedded = EngineRuns.embeddedUntilEnd(plain, dir, servers);
            assertThat(embedded.results()).hasSizeGreaterThan(100);
            assertThat(committedResults(servers)).containsExactlyElementsOf(embedded.results());
        }
    }

    /** Every committed record of the results topic, as sorted text. */
    private static List<String> committedResults(String servers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("results"));
            int emptyPolls = 0;
            while (emptyPolls < 3) {
                var records = consumer.poll(Duration.ofMillis(1000));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out.stream().sorted().toList();
    }
}
