package dev.tally.flink;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Tally's bounded out-of-orderness watermarks for one source split (a Kafka partition, a file): the maximum
 * timestamp seen minus the out-of-orderness minus 1, never decreasing, from every record with a valid time (also
 * those filtered out later). {@code perRecord} emits after every record, so the next record is judged against it
 * (deterministic for bounded inputs); otherwise at Flink's periodic emission. Not thread-safe (one per split).
 */
final class TallyWatermarks implements WatermarkGenerator<TallyElement> {

    private final long outOfOrderness;
    private final boolean perRecord;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    TallyWatermarks(long outOfOrdernessMillis, boolean perRecord) {
        this.outOfOrderness = outOfOrdernessMillis;
        this.perRecord = perRecord;
    }

    @Override
    public void onEvent(TallyElement e, long eventTimestamp, WatermarkOutput output) {
        if (!e.timed()) {
            return;
        }
        maxTimestamp = Math.max(maxTimestamp, e.timestamp);
        if (perRecord) {
            emit(output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (!perRecord) {
            emit(output);
        }
    }

    private void emit(WatermarkOutput output) {
        if (maxTimestamp == Long.MIN_VALUE) {
            return;
        }
        long w = maxTimestamp - outOfOrderness - 1; // timestamps are within ±2^62, d ≤ 2^62 - 1: no overflow
        if (w > emitted) {
            emitted = w;
            output.emitWatermark(new Watermark(w));
        }
    }
}
