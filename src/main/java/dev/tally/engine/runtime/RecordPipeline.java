package dev.tally.engine.runtime;

import dev.tally.engine.expr.Values;
import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.io.decode.DecodedRow;
import dev.tally.engine.io.decode.JsonDecoder;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.time.PartitionWatermarks;
import dev.tally.engine.window.TumblingWindowOperator;
import dev.tally.engine.window.WindowResult;
import java.util.function.Consumer;

/**
 * The per-record path of a job: decode → event time (watermarks see every record, before the filter) →
 * filter → key → aggregate inputs → window operator. Bad records go to the dead-letter output with their
 * reason; nothing here throws for bad input. Not thread-safe: one per job thread.
 */
final class RecordPipeline {

    private final JobPlan plan;
    private final JsonDecoder decoder;
    private final DecodedRow row;
    private final double[] inputs;
    private final PartitionWatermarks watermarks;
    private final TumblingWindowOperator operator;
    private final JobMetrics metrics;
    private final DeadLetterBuffer deadLetters;
    private final boolean perRecord;

    RecordPipeline(JobPlan plan, JobMetrics metrics, DeadLetterBuffer deadLetters, Consumer<WindowResult> output,
            int maxRecordBytes) {
        this.plan = plan;
        this.decoder = new JsonDecoder(plan.layout, maxRecordBytes);
        this.row = new DecodedRow(plan.layout.size());
        this.inputs = new double[plan.inputs.length];
        TimeSpec time = plan.spec.time();
        this.watermarks = new PartitionWatermarks(time.outOfOrderness().toMillis(),
                time.idleTimeout() == null ? 0 : time.idleTimeout().toMillis());
        this.operator = new TumblingWindowOperator(plan.windows, plan.spec.allowedLateness().toMillis(),
                plan.aggregates, r -> {
                    metrics.resultEmitted();
                    output.accept(r);
                });
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.perRecord = time.emission() == TimeSpec.Emission.PER_RECORD;
    }

    void partitions(int count, long now) {
        watermarks.partitions(count, now);
    }

    /** Processes one record read from {@code partition} at processing time {@code now}. */
    void process(byte[] value, int partition, long offset, long now) {
        metrics.recordIn();
        DeadLetterReason reason = decoder.decode(value, row);
        if (reason != null) {
            dead(reason, partition, offset, value);
            return;
        }
        Object tsValue = row.get(plan.timeSlot);
        if (tsValue == null) {
            dead(DeadLetterReason.MISSING_TIMESTAMP, partition, offset, value);
            return;
        }
        long ts = EventTime.parse(tsValue, plan.spec.time().format());
        if (ts == EventTime.INVALID) {
            dead(DeadLetterReason.INVALID_TIMESTAMP, partition, offset, value);
            return;
        }
        watermarks.onElement(partition, ts, now);
        if (plan.filter != null && !plan.filter.test(row)) {
            metrics.filtered();
        } else {
            aggregate(ts, value, partition, offset);
        }
        if (perRecord) {
            advance(now);
        }
    }

    private void aggregate(long ts, byte[] value, int partition, long offset) {
        String key = plan.key == null ? "" : Values.text(plan.key.eval(row));
        if (key == null) {
            dead(DeadLetterReason.MISSING_KEY, partition, offset, value);
            return;
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = plan.inputs[i] == null ? Double.NaN : Values.numberOrNaN(plan.inputs[i].eval(row));
        }
        if (!operator.add(key, ts, inputs)) {
            metrics.lateDropped();
        }
    }

    /** Brings the operator up to the combined watermark at {@code now}. */
    void advance(long now) {
        long wm = watermarks.combined(now);
        operator.advance(wm);
        metrics.watermark(wm);
    }

    /** End of a bounded input: watermark +∞ fires every window. */
    void endOfInput() {
        long wm = watermarks.endOfInput();
        operator.advance(wm);
        metrics.watermark(wm);
    }

    private void dead(DeadLetterReason reason, int partition, long offset, byte[] value) {
        metrics.deadLetter(reason);
        deadLetters.add(reason, partition, offset, value);
    }
}
