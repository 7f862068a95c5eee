package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The control-plane benchmark's arithmetic on result times: the split at a stop, the steady gap, the summary. */
class ResultsTests {

    private static final List<Long> TIMES = List.of(100L, 150L, 150L, 200L, 900L, 950L, 1000L);

    @Test
    void splitsTheResultsAtTheStopOfTheOldRun() {
        assertThat(Results.lastBefore(TIMES, 500)).isEqualTo(200);
        assertThat(Results.firstAtOrAfter(TIMES, 500)).isEqualTo(900);
        assertThat(Results.firstAtOrAfter(TIMES, 900)).as("at the stop belongs to the new run").isEqualTo(900);
        assertThat(Results.lastBefore(TIMES, 100)).as("none before").isEqualTo(-1);
        assertThat(Results.firstAtOrAfter(TIMES, 1001)).as("none after").isEqualTo(-1);
    }

    @Test
    void takesTheMedianGapBetweenDistinctTimesInARange() {
        assertThat(Results.medianGap(TIMES, 100, 300)).isEqualTo(50); // 100, 150, 200: gaps 50, 50
        assertThat(Results.medianGap(TIMES, 0, 2000)).isEqualTo(50); // gaps 50, 50, 700, 50, 50
        assertThat(Results.medianGap(TIMES, 300, 800)).isEqualTo(-1);
    }

    @Test
    void summarisesSamplesAsMedianAndRange() {
        assertThat(Results.stats(List.of(1200L, 300L, 4500L))).isEqualTo("1,200 [300–4,500]");
        assertThat(Results.stats(List.of(7L))).isEqualTo("7");
    }
}
