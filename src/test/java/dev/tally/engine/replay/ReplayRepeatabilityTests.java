package dev.tally.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.cli.BoundedRun;
import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
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
 * Replays over a multi-partition Kafka topic with late events give byte-identical results, late drops included,
 * run after run and at any parallelism (issue #14: "the same replay run 5 times at parallelism 1, 2 and 4").
 */
class ReplayRepeatabilityTests {

    private static final String TOPIC = "replay-in";
    private static final int EVENTS = 6000;

    @TempDir
    static Path dir;

    static EmbeddedKafkaBroker broker;
    static EngineConfig config;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        config = new EngineConfig(broker.bootstrapServers(), dir, Clock.systemUTC(), 100_000, 1 << 20);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
        }
        // 4 partitions, 25 keys, 10 ms apart in event time; 8 % of the events come 0.5–4 s late (beyond the 200 ms
        // out-of-orderness and the 300 ms lateness), and each partition has its own small disorder
        Random random = new Random(14);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers(), "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                long t = 1_700_000_000_000L + i * 10L + random.nextInt(150);
                if (random.nextInt(100) < 8) {
                    t -= 500 + random.nextInt(3500);
                }
                String json = "{\"k\":\"k" + random.nextInt(25) + "\",\"v\":" + random.nextInt(10) + ",\"t\":" + t
                        + ",\"kind\":\"" + (random.nextInt(3) == 0 ? "click" : "view") + "\"}";
                p.send(new ProducerRecord<>(TOPIC, random.nextInt(4), null, json.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static JobSpec spec(String window) {
        return SpecParser.parse("""
                name: replayed
                source: { kind: kafka, topic: replay-in }
                time: { field: t, outOfOrderness: 200ms, idleTimeout: 1s }
                filter: kind == "view"
                key: k
                window: %s
                allowedLateness: 300ms
                aggregates: [ { name: n, kind: count }, { name: v, kind: sum, field: v } ]
                sinks: [ { kind: kafka, topic: production-results } ]
                """.formatted(window)).spec();
    }

    /** One replay: every result as a CSV line in sorted order, then the late drops and the records read. */
    private static String replay(JobSpec spec, ReplayRange range, int parallelism) throws Exception {
        Replays.Prepared prepared = Replays.prepare(spec, range, parallelism, config, "replay-test");
        BoundedRun.Outcome outcome = BoundedRun.run(prepared.spec(), config, prepared.options());
        String rows = outcome.results().stream().map(ReplayRepeatabilityTests::line).collect(Collectors.joining("\n"));
        return rows + "\nlate-dropped " + outcome.metrics().lateDropped() + ", read " + outcome.metrics().recordsIn()
                + ", results " + outcome.results().size();
    }

    private static String line(WindowResult r) {
        return r.start() + "," + r.end() + "," + r.key() + "," + r.values() + "," + r.firing() + "," + r.revision();
    }

    @Test
    void sessionWindowsWithLateEventsAreByteIdenticalFiveTimesAtParallelismOneTwoAndFour() throws Exception {
        assertFifteenIdenticalRuns(spec("{ kind: session, gap: 300ms }"));
    }

    @Test
    void tumblingWindowsWithLateFiringsAreByteIdenticalFiveTimesAtParallelismOneTwoAndFour() throws Exception {
        assertFifteenIdenticalRuns(spec("{ kind: tumbling, size: 1s }"));
    }

    private static void assertFifteenIdenticalRuns(JobSpec spec) throws Exception {
        ReplayRange all = ReplayRange.offsets(Map.of(), Map.of());
        Map<String, String> runs = new LinkedHashMap<>();
        for (int p : new int[] {1, 2, 4}) {
            for (int run = 1; run <= 5; run++) {
                runs.put("P=" + p + " run " + run, replay(spec, all, p));
            }
        }
        String first = runs.values().iterator().next();
        assertThat(first).contains("read " + EVENTS);
        // the input really has late data: late drops and LATE firings
        assertThat(first).doesNotContain("late-dropped 0,").contains(",LATE,");
        runs.forEach((name, output) -> assertThat(output).as(name).isEqualTo(first));
        assertThat(runs).hasSize(15);
    }

    @Test
    void anEventTimeRangeReadsOnlyItsRecordsAndIsRepeatable() throws Exception {
        JobSpec spec = spec("{ kind: tumbling, size: 1s }");
        long from = 1_700_000_010_000L;
        long to = 1_700_000_020_000L;
        ReplayRange range = ReplayRange.eventTime(from, to, Map.of(), Map.of());
        String a = replay(spec, range, 1);
        String b = replay(spec, range, 3);
        assertThat(b).isEqualTo(a);
        List<String> rows = new ArrayList<>(List.of(a.split("\n")));
        rows.remove(rows.size() - 1);
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            long start = Long.parseLong(r.substring(0, r.indexOf(',')));
            assertThat(start).isBetween(from, to - 1000);
        });
    }

    @Test
    void anOffsetRangeStopsAtItsEndOffsets() throws Exception {
        JobSpec spec = spec("{ kind: tumbling, size: 1s }");
        String out = replay(spec, ReplayRange.offsets(Map.of(0, 100L), Map.of(0, 200L, 1, 0L, 2, 0L, 3, 0L)), 2);
        assertThat(out).endsWith("read 100, results " + (out.split("\n").length - 1));
    }

    @Test
    void processingTimeAndProcessingTimeTriggersAreRefused() {
        JobSpec processing = SpecParser.parse("""
                name: p
                source: { kind: kafka, topic: replay-in }
                time: { mode: processing }
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                """).spec();
        assertThat(Replays.nonRepeatable(processing)).singleElement().asString().startsWith("/time/mode: ");
        assertThatThrownBy(() -> Replays.prepare(processing, ReplayRange.offsets(Map.of(), Map.of()), 1, config, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not repeatable");
        JobSpec trigger = SpecParser.parse("""
                name: p
                source: { kind: kafka, topic: replay-in }
                time: { field: t }
                window: { kind: tumbling, size: 1s }
                trigger: { processingTime: true }
                aggregates: [ { name: n, kind: count } ]
                """).spec();
        assertThat(Replays.nonRepeatable(trigger)).singleElement().asString().startsWith("/trigger/processingTime");
        assertThat(Replays.nonRepeatable(spec("{ kind: session, gap: 1s }"))).isEmpty();
    }

    @Test
    void theSandboxedSpecHasOneReaderPerRecordWatermarksAndNoKafkaSinkOrIdleness() {
        JobSpec s = Replays.sandboxed(spec("{ kind: session, gap: 1s }"), 4);
        assertThat(s.source().readers()).isEqualTo(1);
        assertThat(s.time().idleTimeout()).isNull();
        assertThat(s.time().emission()).isEqualTo(dev.tally.engine.spec.TimeSpec.Emission.PER_RECORD);
        assertThat(s.sinks()).isEmpty();
        assertThat(s.checkpoints()).isNull();
        assertThat(s.parallelism()).isEqualTo(4);
    }
}
