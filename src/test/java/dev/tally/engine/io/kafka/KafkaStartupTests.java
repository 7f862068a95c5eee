package dev.tally.engine.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.cli.BoundedRun;
import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11, part 4: a run that starts while the broker is unavailable waits for it (with back-off) instead of
 * failing with "Timeout expired while fetching topic metadata", and a barrier or savepoint requested while a
 * reader is still starting never fails it with a WakeupException.
 */
class KafkaStartupTests {

    private static final String SPEC = """
            name: %s
            source: { kind: kafka, topic: startup }
            time: { field: t }
            key: k
            window: { kind: tumbling, size: 1s }
            aggregates: [ { name: n, kind: count } ]
            parallelism: 2
            """;

    @TempDir
    static Path dir;

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("startup", 2, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 100; i++) {
                String json = "{\"k\":\"k" + (i % 5) + "\",\"t\":" + i * 100 + "}";
                p.send(new ProducerRecord<>("startup", i % 2, null, json.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static int port(String bootstrap) {
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    @Test
    void aBoundedRunWaitsForABrokerThatIsBrieflyUnavailable() throws Exception {
        try (LateListener late = new LateListener(port(broker.bootstrapServers()))) {
            EngineConfig config = new EngineConfig(late.address(), dir, Clock.systemUTC(), 1000, 1 << 20);
            CompletableFuture<List<WindowResult>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return BoundedRun.run(SpecParser.parse(SPEC.formatted("late-broker")).spec(), config, true)
                            .results();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(3500); // the broker stays unreachable for longer than one metadata request's 2 s
            assertThat(run).as("still waiting, not failed").isNotDone();
            late.open();
            List<WindowResult> results = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(results).hasSize(50); // 10 windows × 5 keys
            assertThat(results.stream().mapToLong(r -> r.values().longValue(0)).sum()).isEqualTo(100);
        }
    }

    @Test
    void aSavepointRequestedWhileReadersAreStartingNeverFailsThem() throws Exception {
        try (LateListener late = new LateListener(port(broker.bootstrapServers()))) {
            EngineConfig config = new EngineConfig(late.address(), dir, Clock.systemUTC(), 1000, 1 << 20);
            dev.tally.engine.runtime.JobOptions options = dev.tally.engine.runtime.JobOptions.defaults()
                    .withSnapshots(new dev.tally.engine.snapshot.FileSnapshotStore(dir.resolve("ck")),
                            new dev.tally.engine.snapshot.FileSnapshotStore(dir.resolve("sp")));
            RunningJob job = new Engine(config).start("starting", SpecParser.parse(SPEC.formatted("starting")).spec(),
                    options);
            try {
                CompletableFuture<String> savepoint = job.savepoint(false, false);
                Thread.sleep(1000); // the barrier's wake-up reaches readers that are still waiting for metadata
                assertThat(job.state()).isNotEqualTo(JobState.FAILED);
                late.open();
                await().atMost(Duration.ofSeconds(60)).until(() -> job.state() == JobState.RUNNING
                        || job.state() == JobState.FAILED);
                assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(JobState.RUNNING);
                assertThat(savepoint.get(60, java.util.concurrent.TimeUnit.SECONDS)).hasSize(32);
            } finally {
                job.stop(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aBrokerThatStaysAwayIsReportedSayingWhatWasAwaited() throws Exception {
        try (LateListener never = new LateListener(port(broker.bootstrapServers()))) {
            KafkaSource source = new KafkaSource(never.address(), "startup",
                    dev.tally.engine.spec.SourceSpec.StartFrom.EARLIEST, "never", true, Duration.ofSeconds(3));
            try (var reader = source.reader(0, 1)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(reader::open)
                        .isInstanceOf(org.apache.kafka.common.KafkaException.class)
                        .hasMessageContaining("no answer from the broker at " + never.address())
                        .hasMessageContaining("the topic's partitions of topic startup within 3 s")
                        .hasMessageContaining("Timeout expired while fetching topic metadata");
            }
        }
    }
}
