package dev.tally.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.aggregate.Inputs;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowOperator;
import dev.tally.engine.window.WindowOperators;
import dev.tally.engine.window.WindowOutput;
import dev.tally.engine.window.WindowResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * Pre-aggregation against sending every element: on random elements and watermarks, subtasks fed with a
 * reader's partials fire the same results and drop as many late elements as subtasks fed with the elements.
 */
class CombinerTests {

    private static final int P = 2;

    /** Collects results as comparable strings, and counts late elements. */
    private static final class Collected implements WindowOutput {
        final List<String> results = new ArrayList<>();
        long late;

        @Override
        public void result(WindowResult r) {
            results.add(r.toString());
        }

        @Override
        public void late(String key, long ts, byte[] raw) {
            late++;
        }
    }

    /** A reader's side (plain or pre-aggregating) and the P subtasks' window operators behind it. */
    private static final class Pipeline {
        final JobPlan plan;
        final Outbox outbox;
        final Combiner combiner;
        final BlockingQueue<Batch>[] inboxes;
        final WindowOperator[] operators = new WindowOperator[P];
        final Collected out = new Collected();

        @SuppressWarnings("unchecked")
        Pipeline(JobPlan plan, boolean combine) {
            this.plan = plan;
            inboxes = new BlockingQueue[P];
            for (int s = 0; s < P; s++) {
                inboxes[s] = new ArrayBlockingQueue<>(1 << 16);
                operators[s] = WindowOperators.create(plan.spec, plan.aggregates, plan.stride, 0, out);
            }
            outbox = new Outbox(0, combine ? plan.aggregates.width() + 1 : plan.stride, inboxes, () -> false,
                    new JobMetrics(inboxes.length));
            combiner = combine ? new Combiner(plan.partialWindows, plan, outbox) : null;
        }

        void element(String key, long ts, long[] inputs) throws InterruptedException {
            if (combiner != null) {
                combiner.add(key, ts, inputs);
            } else {
                int s = KeyGroups.subtask(KeyGroups.keyGroup(key, plan.maxParallelism), plan.maxParallelism, P);
                outbox.element(s, key, ts, inputs, null);
            }
        }

        void watermark(long wm) throws InterruptedException {
            if (combiner != null) {
                combiner.flush(wm);
            }
            outbox.flush();
            for (int s = 0; s < P; s++) {
                for (Batch b; (b = inboxes[s].poll()) != null; ) {
                    deliver(s, b);
                }
                operators[s].watermark(wm);
            }
        }

        private void deliver(int s, Batch b) {
            for (int i = 0; i < b.size; i++) {
                int owner = KeyGroups.subtask(KeyGroups.keyGroup(b.keys[i], plan.maxParallelism),
                        plan.maxParallelism, P);
                assertThat(owner).as("subtask of " + b.keys[i]).isEqualTo(s);
                if (b.kinds[i] == Batch.PARTIAL) {
                    operators[s].partial(b.keys[i], b.times[i], b.values, i * b.stride, b.count(i));
                } else {
                    operators[s].element(b.keys[i], b.times[i], b.values, i * b.stride, b.raws[i]);
                }
            }
            outbox.recycle(b);
        }

        List<String> results() {
            List<String> r = new ArrayList<>(out.results);
            r.sort(null);
            return r;
        }
    }

    private static JobPlan plan(String window) {
        JobSpec spec = SpecParser.parse("""
                name: t
                source: { kind: kafka, topic: in }
                time: { field: ts }
                key: k
                window: %s
                aggregates: [ { name: n, kind: count }, { name: s, kind: sum, field: v }, { name: lo, kind: min, field: v },
                              { name: hi, kind: max, field: v }, { name: mean, kind: avg, field: v } ]
                parallelism: 2
                """.formatted(window)).spec();
        return JobPlan.compile(spec, Path.of("."));
    }

    @Test
    void partialsGiveTheResultsOfTheirElements() throws InterruptedException {
        String[] windows = {"{ kind: tumbling, size: 50ms }", "{ kind: sliding, size: 60ms, slide: 20ms }",
                "{ kind: sliding, size: 50ms, slide: 20ms }", "{ kind: tumbling, size: 40ms, offset: 7ms }"};
        Random random = new Random(11);
        for (String window : windows) {
            for (int keys : new int[] {3, 60, 3 * Combiner.CAPACITY}) {
                JobPlan plan = plan(window);
                assertThat(plan.partialWindows).isNotNull();
                Pipeline plain = new Pipeline(plan, false);
                Pipeline combined = new Pipeline(plan, true);
                long wm = 0;
                for (int i = 0; i < 40_000; i++) {
                    if (random.nextInt(50) == 0) {
                        wm += random.nextInt(40);
                        plain.watermark(wm);
                        combined.watermark(wm);
                    } else {
                        String key = "k" + random.nextInt(keys);
                        long ts = wm - 60 + random.nextInt(160); // some late, some far ahead
                        long[] in = new long[plan.stride];
                        for (int k = 0; k < plan.stride / Inputs.SLOTS; k++) {
                            int what = random.nextInt(10);
                            if (what == 0) {
                                Inputs.none(in, k * Inputs.SLOTS);
                            } else if (what == 1) {
                                Inputs.decimal(in, k * Inputs.SLOTS, random.nextInt(100) - 20.5);
                            } else {
                                Inputs.integer(in, k * Inputs.SLOTS, random.nextInt(100) - 20);
                            }
                        }
                        plain.element(key, ts, in);
                        combined.element(key, ts, in);
                    }
                }
                plain.watermark(Long.MAX_VALUE);
                combined.watermark(Long.MAX_VALUE);
                String what = window + " with " + keys + " keys";
                assertThat(plain.out.late).as(what).isGreaterThan(0);
                assertThat(combined.out.late).as(what).isEqualTo(plain.out.late);
                assertThat(combined.results()).as(what).isNotEmpty().isEqualTo(plain.results());
            }
        }
    }

    @Test
    void aPartialLeavesWhenTheWatermarkReachesItsFirstWindowsEnd() throws InterruptedException {
        JobPlan plan = plan("{ kind: sliding, size: 30ms, slide: 10ms }");
        Pipeline p = new Pipeline(plan, true);
        p.element("a", 5, integers(1, 1, 1, 1, 1));
        p.element("a", 7, integers(1, 2, 2, 2, 2));
        p.element("b", 15, integers(1, 3, 3, 3, 3));
        p.combiner.flush(8);
        assertThat(p.combiner.size()).isEqualTo(2);
        p.combiner.flush(9); // the end of [-20, 10), the first window of "a"'s pane [0, 10)
        assertThat(p.combiner.size()).isEqualTo(1);
        p.watermark(Long.MAX_VALUE);
        assertThat(p.combiner.size()).isZero();
        assertThat(p.results()).anyMatch(r -> r.contains("a") && r.contains("[2, 3, 1, 2, 1.5]"));
    }

    @Test
    void onlyJobsWhoseResultsDependOnMergedValuesPreAggregate() {
        assertThat(plan("{ kind: tumbling, size: 1s }").partialWindows).isNotNull();
        String base = """
                name: t
                source: { kind: kafka, topic: in }
                time: { field: ts }
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                """;
        for (String extra : new String[] {"allowedLateness: 1s\n", "trigger: { count: 3 }\n",
                "sinks: [ { kind: kafka, topic: late, output: late } ]\n"}) {
            JobSpec spec = SpecParser.parse(base + extra).spec();
            assertThat(JobPlan.compile(spec, Path.of(".")).partialWindows).as(extra).isNull();
        }
        JobSpec session = SpecParser.parse(base.replace("kind: tumbling, size: 1s", "kind: session, gap: 1s")).spec();
        assertThat(JobPlan.compile(session, Path.of(".")).partialWindows).isNull();
        JobSpec distinct = SpecParser.parse(base.replace("kind: count", "kind: distinct, field: u")).spec();
        assertThat(JobPlan.compile(distinct, Path.of(".")).partialWindows).isNull();
    }

    private static long[] integers(long... values) {
        long[] in = new long[values.length * Inputs.SLOTS];
        for (int i = 0; i < values.length; i++) {
            Inputs.integer(in, i * Inputs.SLOTS, values[i]);
        }
        return in;
    }
}
