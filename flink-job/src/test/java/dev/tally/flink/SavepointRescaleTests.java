package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stable uids, the pinned max parallelism and Tally's accumulator serializer across a savepoint: the job reads the
 * first half of a topic at parallelism 2, stops with a savepoint (windows still open), restarts from it at
 * parallelism 1, reads the second half and drains. The results of both runs together are the embedded engine's
 * over the whole topic. The out-of-orderness exceeds the input's disorder, so the watermark Flink does not restore
 * cannot turn an element late.
 */
class SavepointRescaleTests {

    @TempDir
    Path dir;

    @Test
    void restoresAtAnotherParallelismWithTheSameResults() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                LocalFlink flink = new LocalFlink(dir.resolve("upload"));
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            String servers = broker.bootstrapServers();
            admin.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();
            List<String> events = EngineRuns.events();
            String yaml = """
                    name: rescaled
                    source: { kind: kafka, topic: events, bootstrapServers: %s }
                    time: { field: ts, format: epoch-millis, outOfOrderness: 5s, emission: per-record }
                    filter: kind == "view"
                    key: k
                    window: { kind: tumbling, size: 2s }
                    aggregates:
                      - { name: n, kind: count }
                      - { name: total, kind: sum, field: v }
                      - { name: users, kind: distinct, field: user }
                    checkpoints: { interval: 200ms, mode: at-least-once }
                    maxParallelism: 128
                    """.formatted(servers);
            JobSpec spec = SpecParser.parse(yaml).spec();

            produce(servers, events.subList(0, events.size() / 2));
            JobID first = flink.submit(job(spec.withParallelism(2), dir.resolve("out-1"), servers), null);
            flink.awaitRunning(first);
            awaitConsumed(admin, events.size() / 2);
            String savepoint = flink.stopWithSavepoint(first, dir.resolve("savepoints"), false);

            produce(servers, events.subList(events.size() / 2, events.size()));
            JobID second = flink.submit(job(spec.withParallelism(1), dir.resolve("out-2"), servers), savepoint);
            flink.awaitRunning(second);
            awaitConsumed(admin, events.size());
            flink.stopWithSavepoint(second, dir.resolve("savepoints"), true);

            List<String> results = new ArrayList<>(EngineRuns.lines(dir.resolve("out-1"), "results-"));
            assertThat(results).as("the first run fired windows before the savepoint").isNotEmpty();
            results.addAll(EngineRuns.lines(dir.resolve("out-2"), "results-"));
            JobSpec noCheckpoints = spec.withCheckpoints(null);
            assertThat(results.stream().sorted().toList())
                    .containsExactlyElementsOf(EngineRuns.embeddedUntilEnd(noCheckpoints, dir, servers).results());
        }
    }

    private StreamExecutionEnvironment job(JobSpec spec, Path out, String servers) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TallyFlinkJob.build(env, new TallyFlinkJob.Options(spec, "rescaled", null, out.toString(), servers,
                dir.toString()));
        return env;
    }

    private static void produce(String servers, List<String> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String e : events) {
                // partition by the event's line, as the embedded run sees the same topic
                producer.send(new ProducerRecord<>("events", Math.floorMod(e.hashCode(), 2), null,
                        e.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Waits until the job's consumer group committed offsets covering {@code records} (committed per checkpoint). */
    private static void awaitConsumed(Admin admin, long records) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("tally-rescaled")
                    .partitionsToOffsetAndMetadata().get();
            long committed = offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset)
                    .sum();
            if (committed >= records) {
                return;
            }
            Thread.sleep(100); // offsets are committed on checkpoints; nothing to wait on in-process
        }
        throw new IllegalStateException("the job did not consume " + records + " records");
    }

}
