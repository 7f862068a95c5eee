package dev.tally.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.SnapshotStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exactly-once through real crashes: {@code tally run} in a separate JVM reads a known input from the embedded
 * broker with checkpoints every 200 ms and writes results to Kafka exactly once; it is killed with SIGKILL at
 * random points several times and restarted on the same state directory, then run to the end. A
 * {@code read_committed} consumer must see every expected result exactly once and no other.
 * {@code -Dtally.crash.rounds=N} sets the number of kills (default 3; run 20 or more locally),
 * {@code -Dtally.crash.seed} the random kill points (each run is killed after 1–3 more completed checkpoints), {@code -Dtally.crash.dir} keeps the runs' logs, state and broker.
 */
class CrashRecoveryTests {

    private static final int PARTITIONS = 4;
    private static final int EVENTS = 2_400_000;
    private static final int KEYS = 50;

    @TempDir
    static Path tempDir;

    static Path dir;

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        String keep = System.getProperty("tally.crash.dir");
        dir = keep == null ? tempDir : Files.createDirectories(Path.of(keep));
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void killNineAtRandomPointsLosesNothingAndDuplicatesNothing() throws Exception {
        int rounds = Integer.getInteger("tally.crash.rounds", 3);
        Map<String, long[]> expected = produceInput("crash-in");
        Path spec = Files.writeString(dir.resolve("crash.yaml"), """
                name: crash-count
                source: { kind: kafka, topic: crash-in }
                time: { field: t, outOfOrderness: 200ms }
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: s, kind: sum, field: v }, { name: n, kind: count } ]
                sinks: [ { kind: kafka, topic: crash-out } ]
                checkpoints: { interval: 200ms, mode: exactly-once, retain: 2 }
                parallelism: 2
                """);
        Random random = new Random(Long.getLong("tally.crash.seed", System.nanoTime()));
        int killed = 0;
        for (int round = 0; round < rounds; round++) {
            // kill on progress, not on a wall-clock guess: after 1 to 3 more completed checkpoints, plus a bit
            long target = latestCheckpoint() + 1 + random.nextInt(3);
            Process p = run(spec, round);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !p.isAlive() || latestCheckpoint() >= target);
            if (!p.waitFor(random.nextInt(150), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                killed++;
            }
        }
        Process last = run(spec, rounds);
        assertThat(last.waitFor(180, TimeUnit.SECONDS)).as("final run finishes").isTrue();
        assertThat(last.exitValue()).as(Files.readString(dir.resolve("run-" + rounds + ".log"))).isZero();
        assertThat(killed).as("some runs were killed mid-way").isPositive();
        int resumed = 0;
        for (int round = 1; round <= rounds; round++) {
            resumed += Files.readString(dir.resolve("run-" + round + ".log")).contains("resuming from checkpoint") ? 1 : 0;
        }
        assertThat(resumed).as("restarts resumed from checkpoints").isPositive();

        Map<String, Integer> seen = new HashMap<>();
        Map<String, long[]> values = new HashMap<>();
        for (JsonNode r : readCommitted("crash-out")) {
            String id = r.get("key").asString() + "@" + r.get("windowStart").asLong() + "#" + r.get("revision").asInt();
            seen.merge(id, 1, Integer::sum);
            values.put(r.get("key").asString() + "@" + r.get("windowStart").asLong(),
                    new long[] {r.get("values").get("s").asLong(), r.get("values").get("n").asLong()});
        }
        assertThat(seen.values()).as("every result exactly once").allMatch(n -> n == 1);
        assertThat(values.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(values.get(k)).as(k).containsExactly(v));
    }

    /** The id of the latest completed checkpoint in the state directory, or 0. */
    private static long latestCheckpoint() {
        List<SnapshotStore.Stored> stored = new FileSnapshotStore(dir.resolve("state").resolve("checkpoints")).list();
        return stored.isEmpty() ? 0 : stored.get(stored.size() - 1).manifest().checkpointId();
    }

    private Process run(Path spec, int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tally.TallyApplication", "run", "--spec", spec.toString(), "--until-end",
                "--state-dir", dir.resolve("state").toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--output", dir.resolve("out-" + round + ".csv").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run-" + round + ".log").toFile())
                .directory(new File(".")).start();
    }

    /** Writes the input; timestamps rise within each partition, so no element is ever late. */
    private static Map<String, long[]> produceInput(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        Map<String, long[]> expected = new HashMap<>();
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("linger.ms", 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                int partition = i % PARTITIONS;
                long t = i / 200 + partition; // 200 events per ms of event time, rising per partition
                String key = "k" + (i * 7 % KEYS);
                int v = 1 + i % 9;
                String json = "{\"k\":\"" + key + "\",\"v\":" + v + ",\"t\":" + t + "}";
                producer.send(new ProducerRecord<>(topic, partition, null, json.getBytes(StandardCharsets.UTF_8)));
                long[] acc = expected.computeIfAbsent(key + "@" + Math.floorDiv(t, 1000) * 1000, x -> new long[2]);
                acc[0] += v;
                acc[1]++;
            }
        }
        return expected;
    }

    private static List<JsonNode> readCommitted(String topic) {
        List<JsonNode> out = new ArrayList<>();
        var json = JsonMapper.builder().build();
        for (ConsumerRecord<byte[], byte[]> r : dev.tally.testing.CommittedRecords.read(broker.bootstrapServers(),
                topic)) {
            out.add(json.readTree(r.value()));
        }
        return out;
    }
}
