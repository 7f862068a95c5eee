package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowResult;
import java.io.IOException;
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
 * Random event streams (random keys, timestamps, disorder, lateness, window shapes) through the real engine at
 * parallelism 1, 2 and 3 give exactly what the single-threaded {@link ReferenceModel} gives.
 */
class ReferenceModelPropertyTests {

    @TempDir
    Path dir;

    static Stream<Integer> seeds() {
        return IntStream.range(0, 36).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void engineMatchesTheReferenceModel(int seed) throws Exception {
        Random r = new Random(seed);
        String kind = List.of("tumbling", "sliding", "session").get(seed % 3);
        long size = 200 + r.nextInt(5) * 250L;
        long slide = kind.equals("sliding") ? List.of(100L, 250L, size / 2, size + 150).get(r.nextInt(4)) : size;
        long lateness = List.of(0L, 0L, 300L, 1500L).get(r.nextInt(4));
        long ooo = List.of(0L, 100L, 400L).get(r.nextInt(3));
        int keys = 1 + r.nextInt(6);
        long disorder = List.of(0L, 200L, 1000L, 3000L).get(r.nextInt(4));
        ReferenceModel model = new ReferenceModel(kind, size, slide, lateness, ooo);
        List<String> lines = new ArrayList<>();
        long t = r.nextInt(2000) - 1000;
        for (int i = 0; i < 1500; i++) {
            t += r.nextInt(40);
            long ts = t - (disorder == 0 ? 0 : (long) (r.nextDouble() * r.nextDouble() * disorder));
            String key = "k" + r.nextInt(keys);
            long v = 1 + r.nextInt(9);
            lines.add("{\"k\":\"" + key + "\",\"v\":" + v + ",\"t\":" + ts + "}");
            model.element(key, ts, v);
        }
        model.end();
        Path input = Files.write(dir.resolve("in.jsonl"), lines);
        String window = switch (kind) {
            case "tumbling" -> "{ kind: tumbling, size: " + size + "ms }";
            case "sliding" -> "{ kind: sliding, size: " + size + "ms, slide: " + slide + "ms }";
            default -> "{ kind: session, gap: " + size + "ms }";
        };
        String description = kind + " size/gap " + size + " slide " + slide + " lateness " + lateness + " ooo " + ooo
                + " disorder " + disorder + " keys " + keys;
        List<String> expected = sorted(model.results);
        for (int p = 1; p <= 3; p++) {
            List<String> actual = run(input, window, lateness, ooo, p);
            assertThat(actual).as("%s at parallelism %d", description, p).isEqualTo(expected);
        }
    }

    private List<String> run(Path input, String window, long lateness, long ooo, int p) throws IOException,
            InterruptedException {
        JobSpec spec = SpecParser.parse("""
                name: property
                source: { kind: file, path: %s }
                time: { field: t, outOfOrderness: %dms }
                key: k
                window: %s
                allowedLateness: %dms
                aggregates: [ { name: v, kind: sum, field: v } ]
                parallelism: %d
                """.formatted(input, ooo, window, lateness, p)).spec();
        EngineConfig config = new EngineConfig("unused:9092", dir, Clock.systemUTC(), Integer.MAX_VALUE, 1 << 20);
        List<String> out = new ArrayList<>();
        for (WindowResult w : BoundedRun.run(spec, config, false).results()) {
            out.add(w.key() + "," + w.start() + "," + w.end() + "," + w.values().longValue(0) + "," + w.firing() + ","
                    + w.revision());
        }
        return sorted(out);
    }

    private static List<String> sorted(List<String> lines) {
        List<String> s = new ArrayList<>(lines);
        s.sort(null);
        return s;
    }
}
