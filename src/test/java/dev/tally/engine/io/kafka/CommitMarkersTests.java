package dev.tally.engine.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore reads the commit markers of its run even while another job's transaction is open on the shared marker
 * topic: a read_committed end offset stops at that transaction, and a marker committed after it would be missed,
 * so that outputs already committed would be written again (found as a window committed twice after an upgrade
 * while an experiment's and other jobs' checkpoints committed next to it).
 */
class CommitMarkersTests {

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
