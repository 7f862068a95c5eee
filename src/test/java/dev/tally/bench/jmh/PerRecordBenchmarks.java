package dev.tally.bench.jmh;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.expr.Evaluator;
import dev.tally.engine.expr.Expressions;
import dev.tally.engine.expr.Lookup;
import dev.tally.engine.expr.TextTable;
import dev.tally.engine.io.decode.DecodedRow;
import dev.tally.engine.io.decode.FieldLayout;
import dev.tally.engine.io.decode.JsonDecoder;
import dev.tally.engine.io.generator.AdEventGenerator;
import dev.tally.engine.runtime.KeyGroups;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.TimeWindows;
import dev.tally.engine.window.WindowOperator;
import dev.tally.engine.window.WindowOperators;
import dev.tally.engine.window.WindowOutput;
import dev.tally.engine.window.WindowResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The per-record path of yahoo-count, piece by piece, on 1,024 pre-generated events (nanoseconds per record). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PerRecordBenchmarks {

    private static final int EVENTS = 1024;

    private byte[][] events;
    private DecodedRow[] rows;
    private JsonDecoder decoder;
    private Evaluator filter;
    private Evaluator key;
    private String[] keys;
    private long[] times;
    private TimeWindows windows;
    private long[] starts;
    private WindowOperator operator;
    private long[] inputs = new long[dev.tally.engine.aggregate.Inputs.SLOTS];
    private int i;

    @Setup
    public void setup() {
        AdEventGenerator gen = new AdEventGenerator(42, 1_700_000_000_000L, 1000.0);
        FieldLayout layout = new FieldLayout(List.of("event_time", "event_type", "ad_id"));
        layout.readDigits("event_time");
        decoder = new JsonDecoder(layout, 1 << 20);
        Map<String, String> campaigns = new HashMap<>();
        for (int a = 0; a < AdEventGenerator.CAMPAIGNS * AdEventGenerator.ADS_PER_CAMPAIGN; a++) {
            campaigns.put(AdEventGenerator.adId(a), AdEventGenerator.campaignOf(a));
        }
        Map<String, Lookup> tables = Map.of("campaigns", new TextTable(campaigns)); // as LookupFiles builds them
        filter = Expressions.parse("event_type == \"view\"").compile(layout::slot, tables);
        key = Expressions.parse("lookup(\"campaigns\", ad_id)").compile(layout::slot, tables);
        events = new byte[EVENTS][];
        rows = new DecodedRow[EVENTS];
        keys = new String[EVENTS];
        times = new long[EVENTS];
        for (int k = 0; k < EVENTS; k++) {
            events[k] = gen.event(k);
            rows[k] = new DecodedRow(layout.size());
            decoder.decode(events[k], rows[k]);
            keys[k] = (String) key.eval(rows[k]);
            times[k] = gen.eventTime(k);
        }
        windows = TimeWindows.tumbling(10_000, 0);
        starts = new long[windows.maxWindows()];
        var spec = SpecParser.parse("""
                name: b
                source: { kind: file, path: x }
                time: { field: t }
                window: { kind: tumbling, size: 10s }
                aggregates: [ { name: views, kind: count } ]
                """).spec();
        operator = WindowOperators.create(spec, new Aggregates(spec.aggregates()), 1, 0, new WindowOutput() {
            @Override
            public void result(WindowResult result) {
            }

            @Override
            public void late(String k, long ts, byte[] raw) {
            }
        });
    }

    private int next() {
        i = (i + 1) & (EVENTS - 1);
        return i;
    }

    @Benchmark
    public long decode() {
        int k = next();
        decoder.decode(events[k], rows[k]);
        return rows[k].longValue(0); // the event time, as the reader reads it
    }

    @Benchmark
    public boolean filter() {
        return filter.test(rows[next()]);
    }

    @Benchmark
    public Object lookupKey() {
        return key.eval(rows[next()]);
    }

    @Benchmark
    public int keyGroupRouting() {
        int g = KeyGroups.keyGroup(keys[next()], 128);
        return KeyGroups.subtask(g, 128, 2);
    }

    @Benchmark
    public int windowAssignment() {
        return windows.assign(times[next()], starts);
    }

    @Benchmark
    public void counterUpdate() {
        int k = next();
        operator.element(keys[k], times[k], inputs, 0, null);
    }
}
