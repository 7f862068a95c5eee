package dev.tally.engine.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.cli.BoundedRun;
import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs reading from and writing to a real (embedded) Kafka broker, without the control plane. */
class KafkaJobTests {

    private static final String[] KEYS = {"A", "B", "A", "C", "C", "A", "B", "C", "B", "A", "C", "B"};
    private static final long[] VALUES = {5, 2, 6, 3, 7, 5, 3, 8, 2, 1, 9, 4};

    @TempDir
    static Path dir;

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static void talkStream(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < KEYS.length; i++) {
                String json = "{\"k\":\"" + KEYS[i] + "\",\"v\":" + VALUES[i] + ",\"t\":" + i * 250 + "}";
                p.send(new ProducerRecord<>(topic, 0, null, json.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static List<WindowResult> run(String spec) throws Exception {
        EngineConfig config = new EngineConfig(broker.bootstrapServers(), dir, Clock.systemUTC(), 1000, 1 << 20);
        return BoundedRun.run(SpecParser.parse(spec).spec(), config, true).results();
    }

    @Test
    void case18_resultsCarryEndMinusOneSoASecondJobWindowsThemAgain() throws Exception {
        talkStream("talk", 1);
        List<WindowResult> keyed = run("""
                name: keyed
                source: { kind: kafka, topic: talk }
                time: { field: t }
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: v, kind: sum, field: v } ]
                sinks: [ { kind: kafka, topic: keyed-results } ]
                parallelism: 2
                """);
        assertThat(keyed).hasSize(9);
        List<WindowResult> total = run("""
                name: total
                source: { kind: kafka, topic: keyed-results }
                time: { field: timestamp }
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: v, kind: sum, field: values.v } ]
                """);
        assertThat(total).extracting(r -> r.values().doubleValue(0)).containsExactly(16.0, 23.0, 16.0);
        assertThat(total).extracting(WindowResult::start).containsExactly(0L, 1000L, 2000L);
    }

    @Test
    void case57_readersWithoutPartitionsDoNotHoldBackTheWatermark() throws Exception {
        talkStream("one-partition", 1);
        EngineConfig config = new EngineConfig(broker.bootstrapServers(), dir, Clock.systemUTC(), 1000, 1 << 20);
        RunningJob job = new Engine(config).start("many-readers", SpecParser.parse("""
                name: many-readers
                source: { kind: kafka, topic: one-partition, readers: 3 }
                time: { field: t, emission: periodic, interval: 10ms }
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: v, kind: sum, field: v } ]
                parallelism: 3
                """).spec());
        try {
            // unbounded: the watermark reaches 2749 (max 2750 − 1), so the first two windows fire, not the third
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(job.results().latest(10))
                    .extracting(r -> r.values().doubleValue(0)).containsExactly(23.0, 16.0));
            assertThat(job.metrics().watermark()).isEqualTo(2749L);
        } finally {
            job.stop(Duration.ofSeconds(5));
        }
    }
    /** Starting the exactly-once sink creates its result topic (auto-created here) before the first commit. */
    @Test
    void startingTheSinkLearnsItsTopicsBeforeTheFirstCommit() throws Exception {
        ResultJson json = new ResultJson(List.of("n"),
                new Aggregates(List.of(new AggregateSpec("n", AggregateSpec.Kind.COUNT, null))));
        try (TransactionalResults t = new TransactionalResults(broker.bootstrapServers(), "learn", "w",
                TransactionalResults.Topics.results("learn-out"),
                json, Duration.ofSeconds(30));
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            t.start(2, 0, null, null);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.listTopics().names().get().contains("learn-out"));
        }
    }

    /** A checkpoint whose pending output is empty opens no transaction, and the markers still say what to redo. */
    @Test
    void subtasksWithNothingToWriteCommitNoTransaction() {
        ResultJson json = new ResultJson(List.of("n"),
                new Aggregates(List.of(new AggregateSpec("n", AggregateSpec.Kind.COUNT, null))));
        try (TransactionalResults t = new TransactionalResults(broker.bootstrapServers(), "skip", "w",
                TransactionalResults.Topics.results("skip-out"),
                json, Duration.ofSeconds(30))) {
            t.start(2, 0, null, null);
            TransactionalResults.Buffer buffer = t.buffer();
            buffer.add(new WindowResult("k", 0, 1000, dev.tally.engine.aggregate.ResultValues.of(1L), Firing.ON_TIME,
                    0));
            byte[] one = buffer.drain().bytes();
            byte[] none = new byte[0];
            t.commit(1, Map.of("skip-0", none, "skip-1", one)); // the first commit of each id always happens
            // a commit's markers become readable to read_committed once the broker has written its control records
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.markers("w"))
                    .containsEntry("skip-0", 1L).containsEntry("skip-1", 1L));
            t.commit(2, Map.of("skip-0", none, "skip-1", one));
            t.commit(3, Map.of("skip-0", one, "skip-1", none));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.markers("w"))
                    .containsEntry("skip-0", 3L).containsEntry("skip-1", 2L));
        }
    }

    /**
     * Issue #11: a job name reused with a fresh state directory starts its checkpoint ids at 1 again, while the
     * marker of its transactional id still says 5 from the earlier deployment. A crash between storing the new
     * deployment's checkpoint 2 and committing it must not have checkpoint 2 taken for committed on recovery.
     */
    @Test
    void aReusedJobNameWithFreshStateNeverTakesItsCheckpointsForCommitted() {
        ResultJson json = new ResultJson(List.of("n"),
                new Aggregates(List.of(new AggregateSpec("n", AggregateSpec.Kind.COUNT, null))));
        java.util.function.Function<String, TransactionalResults> sink = run -> new TransactionalResults(
                broker.bootstrapServers(), "reuse", run, TransactionalResults.Topics.results("reuse-out"), json,
                Duration.ofSeconds(30));
        try (TransactionalResults old = sink.apply("old")) {
            old.start(1, 0, null, null);
            for (long id = 1; id <= 5; id++) {
                old.commit(id, Map.of("reuse-0", one(old, "old-" + id)));
            }
        }
        try (TransactionalResults fresh = sink.apply("fresh")) {
            fresh.start(1, 0, null, null);
            fresh.commit(1, Map.of("reuse-0", one(fresh, "fresh-1")));
        }
        // checkpoint 2 of the fresh deployment was stored, then the process died before committing it
        try (TransactionalResults restored = sink.apply("restarted")) {
            restored.start(1, 2, "fresh", Map.of("reuse-0", one(restored, "fresh-2")));
            restored.awaitReady();
        }
        assertThat(readCommittedKeys("reuse-out")).containsExactlyInAnyOrder("old-1", "old-2", "old-3", "old-4", "old-5",
                "fresh-1", "fresh-2");
    }

    private static byte[] one(TransactionalResults t, String key) {
        TransactionalResults.Buffer b = t.buffer();
        b.add(new WindowResult(key, 0, 1000, dev.tally.engine.aggregate.ResultValues.of(1L), Firing.ON_TIME, 0));
        return b.drain().bytes();
    }

    private static List<String> readCommittedKeys(String topic) {
        return readCommitted(topic).stream().map(r -> r.substring(0, r.indexOf(' '))).toList();
    }

    /**
     * A restored pending output is written again whatever its layout: results as snapshots held them before late
     * elements and dead letters were buffered (no record kind), then late elements and dead letters with their
     * reason header.
     */
    @Test
    void restoredPendingOutputsOfEitherLayoutAreWrittenWithTheirReasons() throws Exception {
        ResultJson json = new ResultJson(List.of("n"),
                new Aggregates(List.of(new AggregateSpec("n", AggregateSpec.Kind.COUNT, null))));
        java.io.ByteArrayOutputStream older = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(older)) {
            out.writeUTF("layout-out");
            out.writeLong(999);
            out.writeInt(1);
            out.write('a');
            out.writeInt(5);
            out.write("{...}".getBytes(StandardCharsets.UTF_8));
        }
        try (TransactionalResults t = new TransactionalResults(broker.bootstrapServers(), "layout", "w2",
                new TransactionalResults.Topics(List.of("layout-out"), List.of("layout-late"), List.of("layout-dead")),
                json, Duration.ofSeconds(30))) {
            TransactionalResults.Buffer b = t.buffer();
            b.late("b", "late-raw".getBytes(StandardCharsets.UTF_8));
            b.deadLetter("MALFORMED_JSON", null, "dead-raw".getBytes(StandardCharsets.UTF_8));
            byte[] pending = new TransactionalResults.Pending(older.toByteArray(), 1).plus(b.drain()).bytes();
            t.start(1, 3, null, Map.of("layout-0", pending));
            t.awaitReady();
        }
        assertThat(readCommitted("layout-out")).containsExactly("a {...}");
        assertThat(readCommitted("layout-late")).containsExactly("b late-raw tally.reason=LATE");
        assertThat(readCommitted("layout-dead")).containsExactly("- dead-raw tally.reason=MALFORMED_JSON");
    }

    /** Each committed record of a topic as "key value header=value...", key "-" when it has none. */
    private static List<String> readCommitted(String topic) {
        List<String> out = new java.util.ArrayList<>();
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var parts = c.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(r -> {
                    StringBuilder sb = new StringBuilder(r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8))
                            .append(' ').append(new String(r.value(), StandardCharsets.UTF_8));
                    r.headers().forEach(h -> sb.append(' ').append(h.key()).append('=')
                            .append(new String(h.value(), StandardCharsets.UTF_8)));
                    out.add(sb.toString());
                });
            }
        }
        return out;
    }

    private static KafkaProducer<byte[], byte[]> transactional(String id) {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, id), new ByteArraySerializer(),
                new ByteArraySerializer());
        p.initTransactions();
        return p;
    }

    private static ProducerRecord<byte[], byte[]> marker(String id, String value) {
        return new ProducerRecord<>(TransactionalResults.MARKERS, id.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A restore reads the commit markers of its run even while another job's transaction is open on the shared
     * marker topic: a read_committed end offset stops at that transaction, and a marker committed after it was
     * missed, so that outputs already committed were written again (a window committed twice after an upgrade while
     * other jobs' checkpoints committed next to it).
     */
    @Test
    void readsAMarkerCommittedAfterAnotherJobsTransactionThatIsStillOpen() throws Exception {
        TransactionalResults results = new TransactionalResults(broker.bootstrapServers(), "tally-restored", "w1",
                TransactionalResults.Topics.results("out"), null, Duration.ofSeconds(30));
        results.start(1, 0, null, null);
        results.awaitReady(); // creates the marker topic
        try (KafkaProducer<byte[], byte[]> other = transactional("tally-other-0");
                KafkaProducer<byte[], byte[]> mine = transactional("writer-of-restored")) {
            other.beginTransaction();
            other.send(marker("tally-other-0", "7 w9")).get();
            mine.beginTransaction();
            mine.send(marker("tally-restored-0", "5 w1")).get();
            mine.commitTransaction();
            CompletableFuture<Void> ends = CompletableFuture.runAsync(other::commitTransaction,
                    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
            assertThat(results.markers("w1")).as("the marker committed behind the open transaction")
                    .isEqualTo(Map.of("tally-restored-0", 5L));
            ends.get(10, TimeUnit.SECONDS);
            assertThat(results.markers("w9")).isEqualTo(Map.of("tally-other-0", 7L));
        } finally {
            results.close();
        }
    }
}
