package dev.tally.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code yahoo-count} throughput benchmark as a user meets it (issue #17): the broker in its own JVM, then, on
 * the same topic and taking turns at going first, {@code java -jar target/tally-*.jar run --until-end}
 * (parallelism 2, exactly-once checkpoints every 5 s, results to Kafka), the same from the extracted jar with its
 * AppCDS archive ({@code target/cli}, when built) and the bare-consumer baseline ({@link BareConsumers}, 2 threads),
 * each its own process timed from start to exit. CPU time (user + system) comes from the kernel's
 * accounting of each process, read by {@code /usr/bin/time}; start-up is JVM start to first record read, as each
 * process reports it. Arguments: {@code [events=20000000] [runs=3] [jar=target/tally-*.jar]}; build the jar
 * first ({@code ./mvnw -q -DskipTests -Dskip.frontend package}).
 */
public final class ProcessThroughputBenchmark {

    private static final String TOPIC = "yahoo-events";
    private static final Pattern STARTUP = Pattern.compile("first record read (-?\\d+) ms after the JVM started");
    private static final Pattern INTERNAL = Pattern.compile("read (\\d+),.* elapsed ([0-9.]+) s");

    /** One process: seconds start to exit, CPU seconds, start-up ms, and Tally's own rate (events/s, or NaN). */
    private record Run(double seconds, double cpuSeconds, long startupMs, double internalRate) {
    }

    private ProcessThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 20_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path jar = args.length > 2 ? Path.of(args[2]) : jar();
        Path dir = Scratch.dir("tally-process-bench");
        Process broker = java(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"),
                BrokerProcess.class.getName(), dir.resolve("kafka").toString())).redirectErrorStream(true).start();
        try {
            String servers = bootstrap(broker);
            long ms = ThroughputBenchmark.produce(servers, TOPIC, n);
            System.out.printf("produced %,d events in %,d ms; broker pid %d%n", n, ms, broker.pid());
            Map<String, List<Run>> rows = new LinkedHashMap<>();
            String bare = "bare KafkaConsumer x2 (decode 3 fields + count), own process";
            String tally = "tally run --until-end, P=2, exactly-once checkpoints 5 s, java -jar target/tally-*.jar";
            String cli = "the same, extracted jar + AppCDS archive (target/cli)";
            Path cds = Path.of("target", "cli", "tally.jsa");
            int kinds = Files.isRegularFile(cds) ? 3 : 2;
            for (int r = 0; r < runs; r++) {
                for (int i = 0; i < kinds; i++) {
                    int kind = (i + r) % kinds; // each goes first in turn
                    String row = kind == 0 ? bare : kind == 1 ? tally : cli;
                    Run run = kind == 0 ? bare(dir, servers, n, r)
                            : kind == 1 ? tally(dir, List.of("-jar", jar.toString()), servers, n, r + "-jar")
                            : tally(dir, List.of("-XX:SharedArchiveFile=" + cds, "-Xlog:cds=error", "-jar",
                                    Path.of("target", "cli", "tally.jar").toString()), servers, n, r + "-cli");
                    rows.computeIfAbsent(row, k -> new ArrayList<>()).add(run);
                }
            }
            if (kinds == 2) {
                System.out.println("no " + cds + ": build it with ./mvnw -q -DskipTests -Dskip.frontend package");
            }
            print(rows, bare, n, runs);
        } finally {
            broker.getOutputStream().close();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    private static Run bare(Path dir, String servers, long n, int r) throws Exception {
        List<String> cmd = List.of("-cp", System.getProperty("java.class.path"), BareConsumers.class.getName(),
                servers, TOPIC, "2", Long.toString(n));
        Timed t = timed(dir, "bare-" + r, cmd);
        return new Run(t.seconds(), cpu(dir, "bare-" + r), startup(t.out()), Double.NaN);
    }

    /** {@code java <launch> run ...}: {@code launch} names the JVM options and the jar. */
    private static Run tally(Path dir, List<String> launch, String servers, long n, String r) throws Exception {
        Path spec = dir.resolve("yahoo-" + r + ".yaml");
        Files.writeString(spec, ThroughputBenchmark.yahoo("{ kind: kafka, topic: " + TOPIC + " }")
                + "checkpoints: { interval: 5s }\nsinks: [ { kind: kafka, topic: bench-out-" + r + " } ]\n");
        List<String> args = new ArrayList<>(launch);
        args.addAll(List.of("run", "--spec", spec.toString(), "--until-end", "--bootstrap-servers", servers,
                "--state-dir", dir.resolve("state-" + r).toString(), "--output",
                dir.resolve("results-" + r + ".jsonl").toString()));
        Timed t = timed(dir, "tally-" + r, args);
        Matcher m = INTERNAL.matcher(t.out());
        if (!m.find() || Long.parseLong(m.group(1)) != n) {
            throw new IllegalStateException("tally run did not read " + n + " records:\n" + t.out());
        }
        return new Run(t.seconds(), cpu(dir, "tally-" + r), startup(t.out()), n / Double.parseDouble(m.group(2)));
    }

    /** What a process printed (both streams) and its seconds from start to exit, as this JVM saw them. */
    private record Timed(String out, double seconds) {
    }

    /** Runs {@code java args} under {@code /usr/bin/time} in the working directory (the project's). */
    private static Timed timed(Path dir, String name, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o",
                dir.resolve(name + ".time").toString()));
        cmd.addAll(java(args).command());
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log);
        if (code != 0) {
            throw new IllegalStateException(name + " exited with " + code + ":\n" + out);
        }
        return new Timed(out, seconds);
    }

    private static double cpu(Path dir, String name) throws IOException {
        String[] t = Files.readAllLines(dir.resolve(name + ".time")).get(0).trim().split("\\s+");
        return Double.parseDouble(t[0]) + Double.parseDouble(t[1]);
    }

    private static long startup(String out) {
        Matcher m = STARTUP.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no start-up figure in:\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static ProcessBuilder java(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }

    private static String bootstrap(Process broker) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("bootstrap ")) {
                Thread drain = new Thread(() -> in.lines().forEach(l -> { }), "broker-output");
                drain.setDaemon(true);
                drain.start();
                return line.substring("bootstrap ".length());
            }
        }
        throw new IllegalStateException("the broker process ended before it served");
    }

    private static Path jar() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("tally-.*\\.jar")).findFirst().orElseThrow(
                    () -> new IllegalStateException("no target/tally-*.jar: ./mvnw -q -DskipTests -Dskip.frontend package"));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static void print(Map<String, List<Run>> rows, String bare, long n, int runs) {
        double bareRate = median(rows.get(bare).stream().map(x -> n / x.seconds()).toList());
        double bareCpu = median(rows.get(bare).stream().map(Run::cpuSeconds).toList());
        System.out.printf("%n| system | events/s start→exit, median [range] of %d | vs bare ×2 | CPU s per M events"
                + " | CPU vs bare ×2 | first record after start | internal events/s |%n|---|---|---:|---:|---:|---:|---:|%n",
                runs);
        rows.forEach((name, list) -> {
            List<Double> rates = list.stream().map(x -> n / x.seconds()).toList();
            double cpu = median(list.stream().map(Run::cpuSeconds).toList());
            double internal = median(list.stream().map(Run::internalRate).toList());
            System.out.printf("| %s | %.2f M [%.2f–%.2f M] | %.0f %% | %.2f | %.2f× | %d ms | %s |%n", name,
                    median(rates) / 1e6, rates.stream().mapToDouble(x -> x).min().orElse(0) / 1e6,
                    rates.stream().mapToDouble(x -> x).max().orElse(0) / 1e6, 100 * median(rates) / bareRate,
                    cpu / (n / 1e6), cpu / bareCpu,
                    (long) median(list.stream().map(x -> (double) x.startupMs()).toList()),
                    Double.isNaN(internal) ? "—" : String.format("%.2f M", internal / 1e6));
        });
        System.out.printf("%n%,d events, 4 partitions, broker in its own JVM; %d cores, %s %s%n", n,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }
}
