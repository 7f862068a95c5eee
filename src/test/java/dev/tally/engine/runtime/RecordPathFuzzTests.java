package dev.tally.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.spec.SpecParser;
import dev.tally.testing.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

/**
 * A record never fails a job: fuzzed event bytes (corpus {@code src/test/resources/fuzz/event}) through a reader's
 * whole record path (decode, event time, filter, lookup key, aggregate inputs) never throw out of
 * {@link ReaderPipeline#record}; each record is counted in, and is an element, filtered or a dead letter.
 */
class RecordPathFuzzTests {

    private static final FuzzCorpus CORPUS = FuzzCorpus.of("event");
    private static final byte[] ALPHABET = "{}[]:,\"\\ 0123456789.eE-truefalsnukatv_".getBytes(StandardCharsets.UTF_8);

    @Example
    void theKeptCorpusReplays() {
        CORPUS.inputs().forEach(input -> CORPUS.check(input, RecordPathFuzzTests::passes));
    }

    @Property(tries = 300)
    void mutatedEvents(@ForAll("mutated") byte[] input) {
        CORPUS.check(input, RecordPathFuzzTests::passes);
    }

    /** Mutations of the corpus for a fixed time ({@link FuzzCorpus#BUDGET}), whatever the machine's speed. */
    @Example
    void mutatedForAFixedTime() {
        assertThat(CORPUS.checkFor(FuzzCorpus.BUDGET, mutated(), RecordPathFuzzTests::passes)).isPositive();
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return CORPUS.mutations(ALPHABET);
    }

    /** Compiled once: the first compile loads many classes, which is no part of one record's time. */
    private static final JobPlan PLAN = JobPlan.compile(SpecParser.parse("""
                name: fuzz
                source: { kind: file, path: unused }
                time: { field: t, outOfOrderness: 0ms, emission: per-record }
                filter: length(k) < 1000 and not (v in [1, 2]) or a.b.c == "deep"
                key: concat(lookup("campaigns", k), "-", lower(k))
                lookups: [ { name: campaigns, file: config/campaigns.csv } ]
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count }, { name: s, kind: sum, field: v * 2 }, { name: d, kind: distinct, field: k } ]
                """).spec(), Path.of(""));

    static void passes(byte[] input) {
        JobPlan plan = PLAN;
        JobMetrics metrics = new JobMetrics(1);
        JobOutputs outputs = new JobOutputs(metrics, new ResultTable(10), List.of(), null, false, null, 1, 1);
        @SuppressWarnings("unchecked")
        BlockingQueue<Batch>[] inboxes = new BlockingQueue[] {new ArrayBlockingQueue<Batch>(100)};
        ReaderPipeline p = new ReaderPipeline(plan, new Outbox(0, plan.stride, inboxes, () -> false, metrics),
                outputs.reader(0), Clock.systemUTC(), true, true, 1 << 16, null);
        p.partitions(1, 0);
        p.record(0, input, 0);
        p.record(0, input, 1);
        p.publishCounts();
        assertThat(metrics.snapshot().recordsIn()).isEqualTo(2);
    }
}
