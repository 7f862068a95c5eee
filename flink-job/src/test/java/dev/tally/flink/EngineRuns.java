package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.Engine;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.io.kafka.ResultJson;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.runtime.LateElement;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.WindowResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** The embedded engine's side of the differential tests: the input, a run, the outputs and their comparison. */
final class EngineRuns {

    private EngineRuns() {
    }

    /**
     * 3,000 events of keys A–E over about 90 s of event time, mostly in order with up to 300 ms of jitter; one in
     * 25 is 1.5–4 s behind (late for most windows), plus a dead letter and a filtered event now and then; {@code v} is an integer, {@code p} a decimal.
     */
    static List<String> events() {
        Random random = new Random(16);
        List<String> lines = new ArrayList<>();
        long t = 1_000_000;
        for (int i = 0; i < 3000; i++) {
            t += 30;
            long ts = t + random.nextInt(300);
            if (i % 25 == 7) {
                ts -= 1500 + random.nextInt(2500);
            }
            String key = "ABCDE".substring(random.nextInt(5)).substring(0, 1);
            if (i % 97 == 0) {
                lines.add("{\"k\":\"" + key + "\",\"v\":1}"); // no timestamp: a dead letter
            }
            String kind = i % 41 == 0 ? "noise" : "view";
            lines.add("{\"ts\":" + ts + ",\"k\":\"" + key + "\",\"kind\":\"" + kind + "\",\"v\":"
                    + (random.nextInt(1000) - 50) + ",\"p\":" + random.nextInt(100_000) / 100.0 + ",\"user\":\"u"
                    + random.nextInt(60) + "\"}");
        }
        return lines;
    }


    /** What only one side has (at most 10 lines of each), or empty when the sorted lists are equal. */
    private static List<String> difference(List<String> flink, List<String> embedded) {
        List<String> onlyFlink = new ArrayList<>(flink);
        embedded.forEach(onlyFlink::remove);
        List<String> onlyEmbedded = new ArrayList<>(embedded);
        flink.forEach(onlyEmbedded::remove);
        List<String> out = new ArrayList<>();
        onlyFlink.stream().limit(10).forEach(l -> out.add("only on Flink:    " + l));
        onlyEmbedded.stream().limit(10).forEach(l -> out.add("only embedded:    " + l));
        if (out.isEmpty() && !flink.equals(embedded)) {
            out.add("same lines, different order");
        }
        if (!out.isEmpty()) {
            out.add(0, flink.size() + " lines on Flink, " + embedded.size() + " embedded");
        }
        return out;
    }

    /** Result lines ({@link ResultJson}) and late records, each sorted. */
    record Outputs(List<String> results, List<String> late, long lateDropped) {
    }

    static Outputs embedded(JobSpec spec, Path dir) throws Exception {
        return run(spec, dir, "127.0.0.1:1", JobOptions.defaults());
    }

    /** The embedded engine over a Kafka source, to the end offsets it finds at start. */
    static Outputs embeddedUntilEnd(JobSpec spec, Path dir, String bootstrapServers) throws Exception {
        return run(spec, dir, bootstrapServers, JobOptions.defaults().withUntilEnd());
    }

    private static Outputs run(JobSpec spec, Path dir, String servers, JobOptions options) throws Exception {
        List<WindowResult> results = Collections.synchronizedList(new ArrayList<>());
        RunningJob job = new Engine(EngineConfig.defaults(servers, dir)).start("differential", spec,
                options.withListener(results::add));
        assertThat(job.await(Duration.ofMinutes(1))).isTrue();
        assertThat(job.state()).isEqualTo(JobState.FINISHED);
        ResultJson json = new ResultJson(spec.aggregateNames(), new Aggregates(spec.aggregates()));
        List<String> lines;
        synchronized (results) {
            lines = results.stream().map(json::encode).sorted().toList();
        }
        List<String> late = job.late().stream().map(LateElement::excerpt).sorted().toList();
        return new Outputs(lines, late, job.metrics().lateDropped());
    }

    static List<String> lines(Path out, String prefix) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return all.stream().sorted().toList();
    }

    /** Asserts that Flink's sorted outputs equal the embedded engine's (see the differential test). */
    static void assertSame(JobSpec spec, Outputs onFlink, Outputs embedded) {
        assertThat(difference(onFlink.results(), embedded.results())).as("results").isEmpty();
        // the embedded engine keeps its newest 100 late elements (and counts them all)
        if (!spec.hasOutput(dev.tally.engine.spec.SinkSpec.Output.LATE)) {
            assertThat(onFlink.late()).isEmpty();
        } else if (embedded.lateDropped() <= 100) {
            assertThat(onFlink.late()).as("late elements").hasSize((int) embedded.lateDropped());
            assertThat(difference(onFlink.late(), embedded.late())).as("late elements").isEmpty();
        } else {
            assertThat(onFlink.late()).as("late elements").hasSize((int) embedded.lateDropped());
            assertThat(onFlink.late()).containsAll(embedded.late());
        }
    }
}
