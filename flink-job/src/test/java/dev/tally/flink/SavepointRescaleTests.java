package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
            String yaml = KafkaInput.spec("rescaled", servers, """
                    checkpoints: { interval: 200ms, mode: at-least-once }
                    maxParallelism: 128
                    """);
            JobSpec spec = SpecParser.parse(yaml).spec();

            KafkaInput.produce(servers, events.subList(0, events.size() / 2));
            JobID first = flink.submit(job(spec.withParallelism(2), dir.resolve("out-1"), servers), null);
            flink.awaitRunning(first);
            awaitConsumed(admin, events.size() / 2);
            String savepoint = flink.stopWithSavepoint(first, dir.resolve("savepoints"), false);

            KafkaInput.produce(servers, events.subList(events.size() / 2, events.size()));
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
