package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowResult;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #11 part 5, as a property: random inputs (disorder, filtered records that still move the watermark, late
 * elements, tumbling and sliding windows, intervals that do and do not divide the window) give the engine's
 * {@code early} trigger exactly the firings of {@link ContinuousTriggerModel}, a model of Flink's
 * ContinuousEventTimeTrigger, at parallelism 1 and 3.
 */
class EarlyTriggerReferenceTests {

    @TempDir
    Path dir;

    static Stream<Integer> seeds() {
        return IntStream.range(0, 30).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void earlyFiringsMatchFlinksContinuousEventTimeTrigger(int seed) throws Exception {
        Random r = new Random(seed);
        long size = List.of(1000L, 2000L, 10_000L).get(r.nextInt(3));
        long slide = r.nextBoolean() ? size : size / 2;
        long interval = List.of(300L, 500L, 700L, 2000L, 4000L).get(r.nextInt(5));
        long lateness = List.of(0L, 0L, 1500L).get(r.nextInt(3));
        long ooo = List.of(0L, 200L, 1000L).get(r.nextInt(3));
        long disorder = List.of(0L, 500L, 3000L).get(r.nextInt(3));
        boolean negative = seed % 5 == 0;
        ContinuousTriggerModel model = new ContinuousTriggerModel(size, slide, interval, lateness, ooo);
        List<String> lines = new ArrayList<>();
        long t = negative ? -20_000 : r.nextInt(3000);
        for (int i = 0; i < 400; i++) {
            t += r.nextInt(r.nextInt(10) == 0 ? 3000 : 120);
            long ts = t - (disorder == 0 ? 0 : (long) (r.nextDouble() * r.nextDouble() * disorder));
            String key = "k" + r.nextInt(3);
            boolean view = r.nextInt(5) > 0;
            long v = 1 + r.nextInt(9);
            lines.add("{\"k\":\"" + key + "\",\"type\":\"" + (view ? "view" : "click") + "\",\"v\":" + v + ",\"t\":"
                    + ts + "}");
            model.record(key, ts, v, view);
        }
        model.end();
        List<String> expected = new ArrayList<>(model.results);
        expected.sort(null);
        Path input = Files.write(dir.resolve("in.jsonl"), lines);
        String window = slide == size ? "{ kind: tumbling, size: " + size + "ms }"
                : "{ kind: sliding, size: " + size + "ms, slide: " + slide + "ms }";
        for (int p : new int[] {1, 3}) {
            JobSpec spec = SpecParser.parse("""
                    name: early
                    source: { kind: file, path: %s }
                    time: { field: t, outOfOrderness: %dms }
                    filter: type == "view"
                    key: k
                    window: %s
                    trigger: { early: %dms }
                    allowedLateness: %dms
                    aggregates: [ { name: v, kind: sum, field: v } ]
                    parallelism: %d
                    """.formatted(input, ooo, window, interval, lateness, p)).spec();
            EngineConfig config = new EngineConfig("unused:9092", dir, Clock.systemUTC(), Integer.MAX_VALUE, 1 << 20);
            List<String> actual = new ArrayList<>();
            for (WindowResult w : BoundedRun.run(spec, config, false).results()) {
                actual.add(w.key() + "," + w.start() + "," + w.end() + ","
                        + new BigDecimal(w.values().text(0)).stripTrailingZeros().toPlainString() + ","
                        + w.firing() + "," + w.revision());
            }
            actual.sort(null);
            assertThat(actual).as("%s early %d lateness %d ooo %d disorder %d at parallelism %d", window, interval,
                    lateness, ooo, disorder, p).isEqualTo(expected);
        }
    }
}
