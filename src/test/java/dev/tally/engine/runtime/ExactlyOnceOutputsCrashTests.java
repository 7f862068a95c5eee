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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once for every Kafka output (issue #18): {@code tally run} in a separate JVM, with exactly-once
 * checkpoints, writes results, late elements and dead letters to Kafka; it is killed with SIGKILL after its first
 * checkpoint that holds some of the input, started again on the same state directory and run to the end. Each output topic, read with
 * {@code read_committed}, must hold exactly what an uninterrupted run of the same job writes (as a multiset: 0
 * missing, 0 extra), and the resumed run's summary must equal the uninterrupted run's. The input has about 1 %
 * late events and some malformed or timestamp-less lines. {@code -Dtally.eo.rounds=N} kills N times (default 1;
 * each later kill after one more checkpoint), {@code -Dtally.eo.dir} keeps the runs' logs, state and broker.
 */
class ExactlyOnceOutputsCrashTests {

    private static final int EVENTS = 300_000;
    private static final int KEYS = 20;

    @TempDir
    static Path tempDir;

    static Path dir;

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        String keep = System.getProperty("tally.eo.dir");
        dir = keep == null ? tempDir : Files.createDirectories(Path.of(keep));
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void killedRunsWriteEveryOutputExactlyOnceAndSumUpAsOneRun() throws Exception {
        long late = produceInput("eo-in");
        Process whole = run(spec("eo-whole"), "whole", 0);
        assertThat(whole.waitFor(120, TimeUnit.SECONDS)).as("uninterrupted run finishes").isTrue();
        assertThat(whole.exitValue()).as(log("whole", 0)).isZero();

        int rounds = Integer.getInteger("tally.eo.rounds", 1);
        Path crashSpec = spec("eo-crash");
        int killed = 0;
        for (int round = 0; round < rounds; round++) {
            // kill on progress: once a checkpoint holds records that the previous one did not
            long before = latestPosition("crash");
            Process p = run(crashSpec, "crash", round);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> !p.isAlive() || latestPosition("crash") > before);
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(); // SIGKILL: no clean stop, no flush, transactions left open
                killed++;
            }
        }
        long resumedAt = latestPosition("crash");
        assertThat(resumedAt).as("the resumed run starts mid-input").isBetween(1L, EVENTS - 1L);
        Process last = run(crashSpec, "crash", rounds);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("resumed run finishes").isTrue();
        assertThat(last.exitValue()).as(log("crash", rounds)).isZero();
        assertThat(killed).as("runs killed mid-way (the input must outlast the first checkpoint)").isEqualTo(rounds);
        assertThat(log("crash", rounds)).contains("resuming from checkpoint");

        for (String output : List.of("out", "late", "dead")) {
            Map<String, Integer> expected = readCommitted("eo-whole-" + output);
            Map<String, Integer> actual = readCommitted("eo-crash-" + output);
            assertThat(expected).as(output + " is not empty").isNotEmpty();
            assertThat(List.of(difference(expected, actual), difference(actual, expected)))
                    .as(output + ": [missing, extra] records of " + expected.values().stream().mapToInt(i -> i).sum())
                    .containsExactly(0, 0);
        }
        String summary = summary("whole", 0);
        assertThat(summary).contains("read " + EVENTS + ",").contains("late-dropped " + late + ",");
        assertThat(summary("crash", rounds)).isEqualTo(summary);
    }

    private static Path spec(String name) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %1$s
                source: { kind: kafka, topic: eo-in, readers: 1 }
                time: { field: t, outOfOrderness: 100ms }
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: s, kind: sum, field: v }, { name: n, kind: count } ]
                sinks:
                  - { kind: kafka, topic: %1$s-out }
                  - { kind: kafka, topic: %1$s-late, output: late }
                  - { kind: kafka, topic: %1$s-dead, output: dead-letters }
                checkpoints: { interval: %2$s, mode: exactly-once, retain: 2 }
                parallelism: 2
                """.formatted(name, System.getProperty("tally.eo.interval", "200ms")));
    }

    /** The source position (records before the barrier) of the latest checkpoint of {@code name}'s state, or 0. */
    private static long latestPosition(String name) {
        List<SnapshotStore.Stored> stored = new FileSnapshotStore(dir.resolve(name + "-state").resolve("checkpoints"))
                .list();
        return stored.isEmpty() ? 0 : stored.get(stored.size() - 1).manifest().sources().stream()
                .mapToLong(s -> s.position()).sum();
    }

    /** How many records of {@code a} (counting repeats) are not in {@code b}. */
    private static int difference(Map<String, Integer> a, Map<String, Integer> b) {
        int n = 0;
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            n += Math.max(0, e.getValue() - b.getOrDefault(e.getKey(), 0));
        }
        return n;
    }

    private static Process run(Path spec, String name, int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tally.TallyApplication", "run", "--spec", spec.toString(), "--until-end",
                "--state-dir", dir.resolve(name + "-state").toString(), "--bootstrap-servers",
                broker.bootstrapServers(), "--output", dir.resolve(name + "-" + round + ".csv").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + "-" + round + ".log").toFile())
                .directory(new File(".")).start();
    }

    private static String log(String name, int round) throws Exception {
        return Files.readString(dir.resolve(name + "-" + round + ".log"));
    }

    /** The run's summary line up to its timings: read, filtered, dead-lettered, late-dropped, results. */
    private static String summary(String name, int round) throws Exception {
        String line = log(name, round).lines().filter(l -> l.startsWith("read ")).findFirst().orElseThrow();
        return line.substring(0, line.indexOf(", elapsed"));
    }

    /**
     * One partition, event time rising 1 ms per 20 events; every 100th event is 5 s behind (late: its window is
     * long closed), every 997th line is malformed JSON and every 1009th has no timestamp (dead letters).
     *
     * @return how many events are late
     */
    private static long produceInput(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("linger.ms", 20);
        long late = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                boolean behind = i % 100 == 99;
                long t = 10_000 + i / 20 - (behind ? 5_000 : 0);
                String json;
                if (i % 997 == 5) {
                    json = "{\"k\":\"k" + i + "\",\"t\":";
                } else if (i % 1009 == 7) {
                    json = "{\"k\":\"k" + i % KEYS + "\",\"v\":1}";
                } else {
                    json = "{\"k\":\"k" + i % KEYS + "\",\"v\":" + (1 + i % 7) + ",\"t\":" + t + ",\"i\":" + i + "}";
                    late += behind ? 1 : 0;
                }
                producer.send(new ProducerRecord<>(topic, 0, null, json.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return late;
    }

    /** Every committed record of {@code topic} (key, value and headers as text) with how often it occurs. */
    private static Map<String, Integer> readCommitted(String topic) {
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dev.tally.testing.CommittedRecords.read(broker.bootstrapServers(),
                topic)) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8)).append(" | ")
                    .append(new String(r.value(), StandardCharsets.UTF_8));
            for (Header h : r.headers()) {
                sb.append(" | ").append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
            }
            out.merge(sb.toString(), 1, Integer::sum);
        }
        return out;
    }
}
