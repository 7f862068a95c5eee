package dev.tally.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Watermark combining, conformance cases 53–57 (watermarks given directly per partition). */
class PartitionWatermarksTests {

    @Test
    void case53_combinedIsTheMinimum() {
        PartitionWatermarks w = new PartitionWatermarks(0, 0);
        w.partitions(2, 0);
        w.onWatermark(0, 1000, 0);
        w.onWatermark(1, 500, 0);
        assertThat(w.combined(0)).isEqualTo(500);
        w.onWatermark(1, 1200, 0);
        assertThat(w.combined(0)).isEqualTo(1000);
    }

    @Test
    void case54_lowerWatermarkIsIgnored() {
        PartitionWatermarks w = new PartitionWatermarks(0, 0);
        w.partitions(1, 0);
        w.onWatermark(0, 1000, 0);
        w.onWatermark(0, 800, 0);
        assertThat(w.combined(0)).isEqualTo(1000);
    }

    @Test
    void case55_idlePartitionLeavesAndRejoinsOnlyWhenCaughtUp() {
        PartitionWatermarks w = new PartitionWatermarks(0, 1000);
        w.partitions(2, 0);
        w.onWatermark(0, 100, 0);
        w.onWatermark(1, 100, 0);
        w.onWatermark(0, 2000, 1500);
        assertThat(w.combined(1500)).isEqualTo(2000);
        w.onWatermark(1, 300, 1600);
        assertThat(w.combined(1600)).isEqualTo(2000);
        w.onWatermark(1, 2500, 1700);
        w.onWatermark(0, 3000, 1700);
        assertThat(w.combined(1700)).isEqualTo(2500);
    }

    @Test
    void case56_allIdleGivesTheLargestWatermark() {
        PartitionWatermarks w = new PartitionWatermarks(0, 1000);
        w.partitions(2, 0);
        w.onWatermark(0, 700, 0);
        w.onWatermark(1, 400, 0);
        assertThat(w.combined(0)).isEqualTo(400);
        assertThat(w.combined(5000)).isEqualTo(700);
    }

    @Test
    void case57_silentPartitionHoldsBackWithoutIdleTimeout() {
        PartitionWatermarks held = new PartitionWatermarks(0, 0);
        held.partitions(2, 0);
        held.onElement(0, 5000, 0);
        assertThat(held.combined(10_000)).isEqualTo(Long.MIN_VALUE);
        PartitionWatermarks idle = new PartitionWatermarks(0, 1000);
        idle.partitions(2, 0);
        idle.onElement(0, 5000, 0);
        assertThat(idle.combined(1000)).isEqualTo(4999);
    }

    @Test
    void boundedOutOfOrdernessSubtractsDelayAndOne() {
        PartitionWatermarks w = new PartitionWatermarks(500, 0);
        w.partitions(1, 0);
        w.onElement(0, 1500, 0);
        assertThat(w.combined(0)).isEqualTo(999);
    }
}
