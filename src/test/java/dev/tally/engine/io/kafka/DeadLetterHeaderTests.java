package dev.tally.engine.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.cli.BoundedRun;
import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters on a real Kafka topic carry their reason in header {@code tally.reason} and, when they have one,
 * their detail (the error's message) in {@code tally.detail}.
 */
class DeadLetterHeaderTests {

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

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers(), "group.id", UUID.randomUUID().toString(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= count;
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void anOutOfRangeTimestampGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), """
                {"k":"a","ts":"1970-01-01T00:00:01Z"}
                {"k":"overflow","ts":"+300000000-01-01T00:00:00Z"}
                {"k":"a","ts":"1970-01-01T00:00:01.500Z"}
                """);
        EngineConfig config = new EngineConfig(broker.bootstrapServers(), dir, Clock.systemUTC(), 1000, 1 << 20);
        var outcome = BoundedRun.run(SpecParser.parse("""
                name: overflow
                source: { kind: file, path: %s }
                time: { field: ts, format: iso-8601, outOfOrderness: 1s }
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                sinks: [ { kind: kafka, topic: overflow-dead, output: dead-letters } ]
                """.formatted(input)).spec(), config, false);
        assertThat(outcome.results()).hasSize(1);
        ConsumerRecord<byte[], byte[]> r = read("overflow-dead", 1).get(0);
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"k\":\"overflow\",\"ts\":\"+300000000-01-01T00:00:00Z\"}");
        assertThat(header(r, "tally.reason")).isEqualTo("TIMESTAMP_OUT_OF_RANGE");
        assertThat(header(r, "tally.detail")).isNull();
    }

    @Test
    void aRecordErrorCarriesItsMessageAsTheDetailHeader() {
        List<SinkSpec> sinks = List.of(new SinkSpec(SinkSpec.Kind.KAFKA, "errors-dead", SinkSpec.Output.DEAD_LETTERS));
        try (KafkaSinks k = new KafkaSinks(broker.bootstrapServers(), "detail", sinks, null)) {
            k.deadLetter("RECORD_ERROR", "IllegalStateException: cannot evaluate",
                    "{}".getBytes(StandardCharsets.UTF_8));
            k.flush();
        }
        ConsumerRecord<byte[], byte[]> r = read("errors-dead", 1).get(0);
        assertThat(header(r, "tally.reason")).isEqualTo("RECORD_ERROR");
        assertThat(header(r, "tally.detail")).isEqualTo("IllegalStateException: cannot evaluate");
    }
}
