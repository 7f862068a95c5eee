package dev.tally.engine.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.Inputs;
import dev.tally.engine.runtime.KeyGroups;
import dev.tally.engine.snapshot.BytesInput;
import dev.tally.engine.spec.AggregateSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact operator against the general one on random input: the same results, and each restores the
 * other's snapshot (a new version may switch between them: trigger and lateness changes keep the state).
 */
class CompactWindowOperatorTests {

    /** Keys with equal hash codes ("Aa", "BB", ...) and keys that are not ASCII. */
    private static final String[] KEYS = {"Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "k", "ключ", "鍵", "😀x",
            "campaign-17", "campaign-4", "", "a\u0000b"};

    private static final int GROUPS = 8;

    /** Collects results as comparable strings. */
    private static final class Results implements WindowOutput {
        final List<String> out = new ArrayList<>();

        @Override
        public void result(WindowResult r) {
            out.add(r.toString());
        }

        @Override
        public void late(String key, long ts, byte[] raw) {
            out.add("late " + key + "@" + ts);
        }

        List<String> sorted() {
            List<String> s = new ArrayList<>(out);
            s.sort(null);
            return s;
        }
    }

    private record Config(TimeWindows windows, long lateness, Aggregates aggregates) {
    }

    private static Config config(Random random) {
        long size = 10 + random.nextInt(50);
        TimeWindows w = random.nextBoolean() ? TimeWindows.tumbling(size, 0)
                : TimeWindows.sliding(size, 1 + random.nextInt((int) size), 0);
        List<AggregateSpec> specs = new ArrayList<>();
        AggregateSpec.Kind[] kinds = {AggregateSpec.Kind.COUNT, AggregateSpec.Kind.SUM, AggregateSpec.Kind.MIN,
                AggregateSpec.Kind.MAX, AggregateSpec.Kind.AVG};
        for (int i = 0; i <= random.nextInt(3); i++) {
            specs.add(new AggregateSpec("a" + i, kinds[random.nextInt(kinds.length)], "v"));
        }
        return new Config(w, random.nextBoolean() ? 0 : random.nextInt(40), new Aggregates(specs));
    }

    private static WindowOperator compact(Config c, WindowOutput out) {
        return new CompactWindowOperator(c.windows, c.lateness, c.aggregates, c.aggregates.count() * Inputs.SLOTS, out);
    }

    private static WindowOperator general(Config c, WindowOutput out) {
        Panes panes = new Panes(c.aggregates, null, c.aggregates.count() * Inputs.SLOTS, false, out);
        return new TimeWindowOperator(c.windows, false, c.lateness, 0, 0, false, panes, out);
    }

    /** A step of input: an element or a watermark. */
    private record Step(boolean watermark, String key, long time, long[] inputs) {
    }

    /** {@code columns} inputs: mostly integers, some decimals, some missing. */
    static long[] randomInputs(Random random, int columns) {
        long[] in = new long[columns * Inputs.SLOTS];
        for (int k = 0; k < columns; k++) {
            int what = random.nextInt(10);
            if (what == 0) {
                Inputs.none(in, k * Inputs.SLOTS);
            } else if (what == 1) {
                Inputs.decimal(in, k * Inputs.SLOTS, random.nextInt(100) - 20.5);
            } else {
                Inputs.integer(in, k * Inputs.SLOTS, random.nextInt(100) - 20);
            }
        }
        return in;
    }

    private static List<Step> steps(Random random, int n, int width) {
        List<Step> steps = new ArrayList<>();
        long wm = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(8) == 0) {
                wm += random.nextInt(30);
                steps.add(new Step(true, null, wm, null));
            } else {
                long[] in = randomInputs(random, width);
                steps.add(new Step(false, KEYS[random.nextInt(KEYS.length)], wm - 40 + random.nextInt(80), in));
            }
        }
        steps.add(new Step(true, null, Long.MAX_VALUE, null));
        return steps;
    }

    private static void apply(WindowOperator op, List<Step> steps) {
        for (Step s : steps) {
            if (s.watermark) {
                op.watermark(s.time);
            } else {
                op.element(s.key, s.time, s.inputs, 0, null);
            }
        }
    }

    private static List<byte[]> snapshot(WindowOperator op) throws IOException {
        ByteArrayOutputStream[] groups = new ByteArrayOutputStream[GROUPS];
        DataOutputStream[] streams = new DataOutputStream[GROUPS];
        op.snapshot(new StateOutput() {
            @Override
            public int keyGroup(int keyHash) {
                return KeyGroups.keyGroupOfHash(keyHash, GROUPS);
            }

            @Override
            public DataOutput group(int g, long entries) {
                if (streams[g] == null) {
                    groups[g] = new ByteArrayOutputStream();
                    streams[g] = new DataOutputStream(groups[g]);
                }
                return streams[g];
            }
        });
        List<byte[]> out = new ArrayList<>();
        for (ByteArrayOutputStream b : groups) {
            if (b != null) {
                out.add(b.toByteArray());
            }
        }
        return out;
    }

    private static void restore(WindowOperator op, List<byte[]> groups, long watermark) throws IOException {
        op.restoreTime(watermark, Long.MIN_VALUE);
        for (byte[] g : groups) {
            op.restore(new BytesInput(g));
        }
    }

    @Test
    void matchesTheGeneralOperatorAndRestoresItsSnapshotsBothWays() throws IOException {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            Config c = config(random);
            List<Step> steps = steps(random, 300, c.aggregates.count());
            int cut = random.nextInt(steps.size() - 1);
            long cutWatermark = Long.MIN_VALUE;
            for (Step s : steps.subList(0, cut)) {
                cutWatermark = s.watermark ? Math.max(cutWatermark, s.time) : cutWatermark;
            }
            Results a = new Results();
            Results b = new Results();
            WindowOperator compact = compact(c, a);
            WindowOperator general = general(c, b);
            apply(compact, steps.subList(0, cut));
            apply(general, steps.subList(0, cut));
            assertThat(a.sorted()).as("seed %d before the cut", seed).isEqualTo(b.sorted());
            assertThat(compact.panes()).as("seed %d panes", seed).isEqualTo(general.panes());

            List<byte[]> compactState = snapshot(compact);
            assertThat(snapshot(compact(c, new Results())).isEmpty()).isTrue();
            Results fromCompact = new Results();
            Results fromGeneral = new Results();
            WindowOperator generalRestored = general(c, fromCompact);
            WindowOperator compactRestored = compact(c, fromGeneral);
            restore(generalRestored, compactState, cutWatermark);
            restore(compactRestored, snapshot(general), cutWatermark);

            a.out.clear();
            b.out.clear();
            List<Step> rest = steps.subList(cut, steps.size());
            for (WindowOperator op : List.of(compact, general, generalRestored, compactRestored)) {
                apply(op, rest);
            }
            assertThat(a.sorted()).as("seed %d after the cut", seed).isEqualTo(b.sorted())
                    .isEqualTo(fromCompact.sorted()).isEqualTo(fromGeneral.sorted());
        }
    }

    @Test
    void aRestoredOperatorWritesTheSameBytes() throws IOException {
        Config c = new Config(TimeWindows.sliding(100, 50, 0), 10,
                new Aggregates(List.of(AggregateSpec.count("n"))));
        WindowOperator first = compact(c, new Results());
        for (int i = 0; i < 1000; i++) {
            first.element(KEYS[i % KEYS.length] + (i * 7919 % 300), i % 250, new long[Inputs.SLOTS], 0, null);
        }
        first.watermark(105); // fires [0, 100), kept for lateness 10: revisions count on
        first.element(KEYS[0], 20, new long[Inputs.SLOTS], 0, null);
        List<byte[]> bytes = snapshot(first);
        WindowOperator second = compact(c, new Results());
        restore(second, bytes, 105);
        List<byte[]> again = snapshot(second);
        assertThat(again).hasSameSizeAs(bytes);
        for (int i = 0; i < bytes.size(); i++) {
            assertThat(again.get(i)).isEqualTo(bytes.get(i));
        }
    }
}
