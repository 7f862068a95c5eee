package dev.tally.engine.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Conformance cases 1–4 (window assignment of tumbling windows). */
class TimeWindowsTests {

    @Test
    void case01_assignsHalfOpenWindows() {
        TimeWindows w = TimeWindows.tumbling(1000, 0);
        assertThat(w.lastStart(0)).isZero();
        assertThat(w.lastStart(999)).isZero();
        assertThat(w.lastStart(1000)).isEqualTo(1000);
    }

    @Test
    void case02_offsetShiftsAlignment() {
        TimeWindows w = TimeWindows.tumbling(Duration.ofHours(1).toMillis(), Duration.ofMinutes(15).toMillis());
        long t1 = Instant.parse("1970-01-01T01:14:59.999Z").toEpochMilli();
        long t2 = Instant.parse("1970-01-01T01:15:00.000Z").toEpochMilli();
        assertThat(w.lastStart(t1)).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(w.lastStart(t2)).isEqualTo(Duration.ofMinutes(75).toMillis());
    }

    @Test
    void case03_negativeOffsetExpressesTimeZone() {
        TimeWindows w = TimeWindows.tumbling(Duration.ofDays(1).toMillis(), -Duration.ofHours(8).toMillis());
        long t = Instant.parse("2024-01-01T15:59:59.999Z").toEpochMilli();
        assertThat(w.lastStart(t)).isEqualTo(Instant.parse("2023-12-31T16:00:00Z").toEpochMilli());
    }

    @Test
    void case04_negativeTimestampsUseFloor() {
        TimeWindows w = TimeWindows.tumbling(1000, 0);
        assertThat(w.lastStart(-1)).isEqualTo(-1000);
        assertThat(w.lastStart(-1000)).isEqualTo(-1000);
        assertThat(w.lastStart(-1001)).isEqualTo(-2000);
    }

    @Test
    void refusesOffsetNotSmallerThanSize() {
        assertThatThrownBy(() -> TimeWindows.tumbling(1000, 1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
