package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.time.Timestamps;
import dev.tally.engine.window.WindowResult;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #11 part 2, as a property: random records with extreme timestamps (at and next to the range's limits,
 * Long.MIN_VALUE/MAX_VALUE as strings and numbers, huge ISO-8601 years, negative times, garbage) through every
 * window kind, in both formats, at parallelism 1 and 3. Never a job failure; every out-of-range timestamp is
 * counted as a TIMESTAMP_OUT_OF_RANGE dead letter; the in-range records give exactly what the single-threaded
 * {@link ReferenceModel} gives (count windows: a plain chunking by key).
 */
class ExtremeTimestampPropertyTests {

    private static final long MIN = Timestamps.MIN;
    private static final long MAX = Timestamps.MAX;

    @TempDir
    Path dir;

    static Stream<Integer> seeds() {
        return IntStream.range(0, 24).boxed();
    }

    /** One generated record: its JSON line, and its time when it is in range (null otherwise). */
    private record Line(String json, Long ts, boolean outOfRange, String key, long v) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void extremeTimestampsNeverFailAJobAndInRangeResultsMatchTheReference(int seed) throws Exception {
        Random r = new Random(seed);
        String kind = List.of("tumbling", "sliding", "session", "count").get(seed % 4);
        boolean iso = seed % 8 >= 4;
        long size = List.of(1000L, 250L, 86_400_000L).get(r.nextInt(3));
        long slide = kind.equals("sliding") ? size / 2 : size;
        long offset = kind.equals("tumbling") || kind.equals("sliding") ? r.nextInt((int) Math.min(slide, 1000)) : 0;
        long lateness = List.of(0L, 500L, Timestamps.MAX_DURATION).get(r.nextInt(3));
        long ooo = List.of(0L, 300L, 1L << 61).get(r.nextInt(3));
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(line(r, iso));
        }
        List<String> expected = kind.equals("count") ? countWindows(lines, 3)
                : reference(kind, size, slide, offset, lateness, ooo, lines);
        long outOfRange = lines.stream().filter(Line::outOfRange).count();
        Path input = Files.write(dir.resolve("in.jsonl"), lines.stream().map(Line::json).toList());
        String window = switch (kind) {
            case "tumbling" -> "{ kind: tumbling, size: " + size + "ms, offset: " + offset + "ms }";
            case "sliding" -> "{ kind: sliding, size: " + size + "ms, slide: " + slide + "ms, offset: " + offset
                    + "ms }";
            case "session" -> "{ kind: session, gap: " + size + "ms }";
            default -> "{ kind: count, count: 3 }";
        };
        for (int p : new int[] {1, 3}) {
            JobSpec spec = SpecParser.parse("""
                    name: extremes
                    source: { kind: file, path: %s }
                    time: { field: t, format: %s, outOfOrderness: %dms }
                    key: k
                    window: %s
                    allowedLateness: %dms
                    aggregates: [ { name: v, kind: sum, field: v } ]
                    parallelism: %d
                    """.formatted(input, iso ? "iso-8601" : "epoch-millis", ooo, window, lateness, p)).spec();
            EngineConfig config = new EngineConfig("unused:9092", dir, Clock.systemUTC(), Integer.MAX_VALUE, 1 << 20);
            BoundedRun.Outcome outcome = BoundedRun.run(spec, config, false); // throws if the job failed
            String what = kind + " " + window + " lateness " + lateness + " ooo " + ooo + " iso " + iso + " p " + p;
            assertThat(outcome.metrics().deadLettersByReason())
                    .as(what).isEqualTo(outOfRange == 0 ? Map.of()
                            : Map.of(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE, outOfRange));
            List<String> actual = new ArrayList<>();
            for (WindowResult w : outcome.results()) {
                actual.add(w.key() + "," + w.start() + "," + w.end() + ","
                        + new BigDecimal(w.values().text(0)).stripTrailingZeros().toPlainString()
                        + (kind.equals("count") ? "" : "," + w.firing() + "," + w.revision()));
            }
            actual.sort(null);
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    /** A record whose time is near a limit of the range, ordinary, negative, or out of range in some notation. */
    private static Line line(Random r, boolean iso) {
        String key = "k" + r.nextInt(3);
        long v = 1 + r.nextInt(9);
        int pick = r.nextInt(10);
        if (pick < 7) {
            long ts = switch (pick) {
                case 0 -> MIN + r.nextInt(3000);
                case 1 -> MAX - r.nextInt(3000);
                case 2 -> MIN;
                case 3 -> MAX;
                case 4 -> -r.nextInt(5000);
                default -> 1_700_000_000_000L + r.nextInt(5000);
            };
            String t = iso ? "\"" + Instant.ofEpochMilli(ts) + "\"" : "\"" + ts + "\"";
            return new Line(json(key, v, t), ts, false, key, v);
        }
        String t;
        if (iso) {
            t = List.of("\"+300000000-01-01T00:00:00Z\"", "\"-300000000-01-01T00:00:00Z\"",
                    "\"+146140483-01-01T00:00:00Z\"", "\"+2000000000-06-01T00:00:00Z\"",
                    "\"" + Instant.ofEpochMilli(MAX).plusMillis(1 + r.nextInt(1000)) + "\"",
                    "\"" + Instant.ofEpochMilli(MIN).minusMillis(1 + r.nextInt(1000)) + "\"").get(r.nextInt(6));
        } else {
            t = List.of("\"" + Long.MAX_VALUE + "\"", "\"" + Long.MIN_VALUE + "\"",
                    "\"" + (MAX + 1 + r.nextInt(9)) + "\"", "\"" + (MIN - 1 - r.nextInt(9)) + "\"", "9.3e18", "-1e300",
                    "\"1" + "0".repeat(30) + "\"")
                    .get(r.nextInt(7));
        }
        return new Line(json(key, v, t), null, true, key, v);
    }

    private static String json(String key, long v, String t) {
        return "{\"k\":\"" + key + "\",\"v\":" + v + ",\"t\":" + t + "}";
    }

    /**
     * The reference model on the in-range records. An offset shifts every time the same way, so the model (which
     * has none) runs on {@code ts - offset} and its windows are shifted back.
     */
    private static List<String> reference(String kind, long size, long slide, long offset, long lateness, long ooo,
            List<Line> lines) {
        ReferenceModel model = new ReferenceModel(kind, size, slide, Math.min(lateness, 1L << 62), ooo);
        for (Line l : lines) {
            if (l.ts() != null) {
                model.element(l.key(), l.ts() - offset, l.v());
            }
        }
        model.end();
        List<String> out = new ArrayList<>();
        for (String res : model.results) {
            String[] f = res.split(",");
            out.add(f[0] + "," + (Long.parseLong(f[1]) + offset) + "," + (Long.parseLong(f[2]) + offset) + "," + f[3]
                    + "," + f[4] + "," + f[5]);
        }
        out.sort(null);
        return out;
    }

    /** Count windows of {@code n}: each key's in-range records in input order, in chunks of n (no flush at end). */
    private static List<String> countWindows(List<Line> lines, int n) {
        Map<String, List<Line>> pending = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.ts() == null) {
                continue;
            }
            List<Line> p = pending.computeIfAbsent(l.key(), k -> new ArrayList<>());
            p.add(l);
            if (p.size() == n) {
                long min = p.stream().mapToLong(Line::ts).min().orElseThrow();
                long max = p.stream().mapToLong(Line::ts).max().orElseThrow();
                out.add(l.key() + "," + min + "," + (max + 1) + "," + p.stream().mapToLong(Line::v).sum());
                p.clear();
            }
        }
        out.sort(null);
        return out;
    }
}
