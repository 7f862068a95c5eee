package dev.tally.bench;

import dev.tally.control.flink.EmbeddedFlink;
import dev.tally.control.flink.FlinkRestClient;
import dev.tally.embedded.EmbeddedKafkaBroker;
import dev.tally.testing.CommittedRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code yahoo-count} throughput of the embedded engine against the same spec on an in-process Apache Flink
 * 2.2 cluster, in the same run on the same topic (a benchmark, not a test): N events in a 4-partition topic of an
 * embedded broker; Tally catching up with parallelism 2 and exactly-once checkpoints every 5 s (results to Kafka);
 * then flink-job's shaded jar, uploaded and run through Flink's REST API ({@code --until-end}, parallelism 2, the
 * same checkpoints and an exactly-once KafkaSink) on Flink's MiniCluster (one TaskManager, 4 slots) in this JVM,
 * timed from the run request until Flink reports the job FINISHED (so Flink's time includes submitting and
 * scheduling the job, about a second, and its final checkpoint). Flink's committed results are checked against
 * the views Tally counted. Arguments: {@code [events=5000000] [runs=3]}. Needs flink-job's jar
 * ({@code ./mvnw -f flink-job/pom.xml package -DskipTests}) and the JDK 17 opens (README).
 */
public final class FlinkThroughputBenchmark {

    private static final String TOPIC = "yahoo-events";
    private static final Path JAR = Path.of("flink-job/target/tally-flink-job-0.1.0-SNAPSHOT.jar");

    private FlinkThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 5_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Scratch.dir("tally-flink-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                EmbeddedFlink flink = new EmbeddedFlink(dir.resolve("flink"), 4)) {
            long produced = ThroughputBenchmark.produce(broker.bootstrapServers(), TOPIC, n);
            System.out.printf("produced %,d events in %,d ms%n", n, produced);
            long views = views(n);
            FlinkRestClient client = new FlinkRestClient(flink.restAddress(), Duration.ofSeconds(60));
            String jar = client.uploadOnce(JAR.toAbsolutePath(), FlinkRestClient.sha256(JAR));
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                rates.computeIfAbsent("Tally (embedded engine), Kafka, P=2, exactly-once checkpoints 5 s",
                        k -> new ArrayList<>()).add(n / ThroughputBenchmark.tally(broker, dir, n, "5s", r));
                rates.computeIfAbsent("Flink 2.2.1 (in-process MiniCluster), Kafka, P=2, exactly-once checkpoints 5 s",
                        k -> new ArrayList<>()).add(n / flink(client, jar, broker.bootstrapServers(), r, views));
            }
            System.out.printf("%n| system | events/s, median [range] of %d runs |%n|---|---|%n", runs);
            rates.forEach((name, list) -> {
                List<Double> s = new ArrayList<>(list);
                s.sort(null);
                System.out.printf("| %s | %.2f M [%.2f–%.2f M] |%n", name, s.get(s.size() / 2) / 1e6, s.get(0) / 1e6,
                        s.get(s.size() - 1) / 1e6);
            });
            System.out.printf("%n%,d events, 4 partitions, broker and Flink in the same JVM; %d cores, %s %s%n", n,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
        }
    }

    /** Seconds from the run request until Flink reports the job FINISHED; checks its committed results. */
    /** How many of the first {@code n} events (seed 42, as produced) are views: what the job must count. */
    private static long views(long n) {
        dev.tally.engine.io.generator.AdEventGenerator gen = new dev.tally.engine.io.generator.AdEventGenerator(42,
                1_700_000_000_000L, 1000.0);
        byte[] view = "\"event_type\":\"view\"".getBytes(StandardCharsets.US_ASCII);
        long views = 0;
        for (long k = 0; k < n; k++) {
            if (new String(gen.event(k), StandardCharsets.US_ASCII).contains(new String(view,
                    StandardCharsets.US_ASCII))) {
                views++;
            }
        }
        return views;
    }

    private static double flink(FlinkRestClient client, String jar, String servers, int run, long expected)
            throws Exception {
        String out = "bench-flink-out-" + run;
        String spec = ThroughputBenchmark.yahoo("{ kind: kafka, topic: " + TOPIC + " }")
                + "checkpoints: { interval: 5s, mode: exactly-once }\nsinks: [ { kind: kafka, topic: " + out + " } ]\n";
        List<String> args = List.of("--spec", Base64.getEncoder().encodeToString(spec.getBytes(StandardCharsets.UTF_8)),
                "--tally-job", "yahoo-" + run, "--bootstrap-servers", servers, "--work-dir",
                Path.of("").toAbsolutePath().toString(), "--until-end");
        long t0 = System.nanoTime();
        String job = client.run(jar, new FlinkRestClient.Run("dev.tally.flink.TallyFlinkJob", args, 2, null,
                FlinkRestClient.newId()));
        String state;
        while (!(state = client.job(job).state()).equals("FINISHED")) {
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new IllegalStateException("Flink job " + state + ": " + client.rootException(job));
            }
            Thread.sleep(20); // Flink's REST API offers polling only
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonMapper json = JsonMapper.builder().build();
        long views = CommittedRecords.read(servers, out).stream()
                .mapToLong(r -> json.readTree(r.value()).get("values").get("views").asLong()).sum();
        System.out.printf("Flink run %d: %.2f s, %,d views committed%n", run, seconds, views);
        if (views != expected) {
            throw new IllegalStateException("Flink counted " + views + " views, expected " + expected);
        }
        return seconds;
    }
}
