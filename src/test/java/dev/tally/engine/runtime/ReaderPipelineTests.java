package dev.tally.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.expr.Evaluator;
import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * The reader's per-record path on its own: whatever goes wrong with one record (here a filter that throws, as an
 * expression may on data it cannot handle) makes that record a dead letter with the error's message; the records
 * around it are counted and the watermark still advances.
 */
class ReaderPipelineTests {

    private final JobMetrics metrics = new JobMetrics(1);
    private final JobOutputs outputs = new JobOutputs(metrics, new ResultTable(10), List.of(), null, false, null, 1, 1);
    @SuppressWarnings("unchecked")
    private final BlockingQueue<Batch>[] inboxes = new BlockingQueue[] {new ArrayBlockingQueue<Batch>(100)};

    private ReaderPipeline pipeline(boolean throwingFilter) {
        JobPlan compiled = JobPlan.compile(SpecParser.parse("""
                name: faults
                source: { kind: file, path: unused }
                time: { field: ts, outOfOrderness: 0ms, emission: per-record }
                filter: k != "skip"
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                """).spec(), Path.of("."));
        int slot = compiled.layout.slot("k");
        Evaluator filter = row -> {
            if ("bad".equals(row.get(slot))) {
                throw new IllegalStateException("cannot evaluate the filter for k = bad");
            }
            return compiled.filter.test(row);
        };
        JobPlan plan = throwingFilter ? new JobPlan(compiled.spec, compiled.layout, filter, compiled.key,
                compiled.inputs, compiled.inputSlots) : compiled;
        ReaderPipeline p = new ReaderPipeline(plan, new Outbox(0, plan.stride, inboxes, () -> false,
                new JobMetrics(inboxes.length)),
                outputs.reader(0), Clock.systemUTC(), true, true, 1 << 20, null);
        p.partitions(1, 0);
        return p;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Elements and watermarks the subtask received, as {@code key@ts} and {@code W(wm)}. */
    private List<String> sent(ReaderPipeline p) throws InterruptedException {
        p.sync(1);
        List<String> out = new ArrayList<>();
        for (Batch b : inboxes[0]) {
            for (int i = 0; i < b.size; i++) {
                if (b.kinds[i] == Batch.ELEMENT) {
                    out.add(b.keys[i] + "@" + b.times[i]);
                } else if (b.kinds[i] == Batch.WATERMARK) {
                    out.add("W(" + b.times[i] + ")");
                }
            }
        }
        return out;
    }

    @Test
    void anExceptionInOneRecordsStepsIsADeadLetterWithItsMessage() throws Exception {
        ReaderPipeline p = pipeline(true);
        p.record(0, json("{\"k\":\"a\",\"ts\":1000}"), 0);
        p.record(0, json("{\"k\":\"bad\",\"ts\":2000}"), 1);
        p.record(0, json("{\"k\":\"a\",\"ts\":1500}"), 2);
        p.record(0, json("{\"k\":\"skip\",\"ts\":3000}"), 3);
        // the bad record's time was read before its filter failed: like a filtered record, it moves the watermark
        assertThat(sent(p)).containsExactly("a@1000", "W(999)", "W(1999)", "a@1500", "W(2999)");
        assertThat(outputs.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.RECORD_ERROR);
            assertThat(d.offset()).isEqualTo(1);
            assertThat(d.detail()).isEqualTo("IllegalStateException: cannot evaluate the filter for k = bad");
        });
        p.publishCounts();
        assertThat(metrics.snapshot().deadLettersByReason()).isEqualTo(Map.of(DeadLetterReason.RECORD_ERROR, 1L));
        assertThat(metrics.snapshot().recordsFiltered()).isEqualTo(1);
        assertThat(metrics.snapshot().recordsIn()).isEqualTo(4);
    }

    @Test
    void timestampsOutsideTheRangeAreDeadLettersOfTheirOwnReasonInEveryNotation() throws Exception {
        ReaderPipeline p = pipeline(false);
        p.record(0, json("{\"k\":\"a\",\"ts\":\"4611686018427387903\"}"), 0); // Timestamps.MAX, as digits
        p.record(0, json("{\"k\":\"a\",\"ts\":\"4611686018427387904\"}"), 1);
        p.record(0, json("{\"k\":\"a\",\"ts\":\"-4611686018427387904\"}"), 2); // Timestamps.MIN
        p.record(0, json("{\"k\":\"a\",\"ts\":\"-4611686018427387905\"}"), 3);
        p.record(0, json("{\"k\":\"a\",\"ts\":4.7e18}"), 4);
        p.record(0, json("{\"k\":\"a\",\"ts\":1e400}"), 5);
        p.record(0, json("{\"k\":\"a\",\"ts\":\"99999999999999999999999\"}"), 6);
        p.record(0, json("{\"k\":\"a\",\"ts\":\"9999999999999999999x\"}"), 7);
        p.record(0, json("{\"k\":\"a\",\"ts\":1.5}"), 8);
        assertThat(sent(p)).contains("a@4611686018427387903", "a@-4611686018427387904")
                .filteredOn(s -> s.startsWith("a@")).hasSize(2);
        assertThat(outputs.deadLetters()).extracting(DeadLetter::offset, DeadLetter::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, DeadLetterReason.TIMESTAMP_OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple(3L, DeadLetterReason.TIMESTAMP_OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple(4L, DeadLetterReason.TIMESTAMP_OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple(5L, DeadLetterReason.TIMESTAMP_OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple(6L, DeadLetterReason.TIMESTAMP_OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple(7L, DeadLetterReason.INVALID_TIMESTAMP),
                org.assertj.core.groups.Tuple.tuple(8L, DeadLetterReason.INVALID_TIMESTAMP));
    }
}
