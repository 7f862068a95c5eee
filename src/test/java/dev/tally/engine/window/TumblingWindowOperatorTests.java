package dev.tally.engine.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.spec.AggregateSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event-time firing and lateness of tumbling windows (conformance cases 11, 12, 16, 17, 20, 42, 48). */
class TumblingWindowOperatorTests {

    private static final long[] TALK = {5, 2, 6, 3, 7, 5, 3, 8, 2, 1, 9, 4};
    private static final String[] TALK_KEYS = {"A", "B", "A", "C", "C", "A", "B", "C", "B", "A", "C", "B"};

    private final List<WindowResult> out = new ArrayList<>();

    private TumblingWindowOperator sum(long size, long lateness) {
        return new TumblingWindowOperator(new TumblingWindows(size, 0), lateness,
                new Aggregates(List.of(new AggregateSpec("s", AggregateSpec.Kind.SUM, "v"))), out::add);
    }

    private static double[] v(double x) {
        return new double[] {x};
    }

    private List<Double> sums() {
        return out.stream().map(r -> r.values()[0]).toList();
    }

    @Test
    void case11_firesWhenWatermarkReachesEndMinusOne() {
        TumblingWindowOperator op = sum(1000, 0);
        op.add("", 0, v(5));
        op.add("", 250, v(2));
        op.add("", 500, v(6));
        op.add("", 750, v(3));
        op.advance(998);
        assertThat(out).isEmpty();
        op.advance(999);
        assertThat(out).containsExactly(new WindowResult("", 0, 1000, v(16), Firing.ON_TIME, 0));
        assertThat(out.get(0).timestamp()).isEqualTo(999);
    }

    @Test
    void case12_talkStreamEndOfInputFiresAll() {
        TumblingWindowOperator op = sum(1000, 0);
        for (int i = 0; i < TALK.length; i++) {
            op.add("", i * 250L, v(TALK[i]));
        }
        op.advance(Long.MAX_VALUE);
        assertThat(sums()).containsExactly(16.0, 23.0, 16.0);
    }

    @Test
    void case16_elementBehindWatermarkButBeforeWindowEndIsAdded() {
        TumblingWindowOperator op = sum(1000, 0);
        op.advance(500);
        assertThat(op.add("", 100, v(4))).isTrue();
        op.advance(999);
        assertThat(sums()).containsExactly(4.0);
    }

    @Test
    void case17_emptyWindowsAreNeverEmitted() {
        TumblingWindowOperator op = sum(1000, 0);
        op.add("", 0, v(5));
        op.add("", 5000, v(9));
        op.advance(Long.MAX_VALUE);
        assertThat(out).hasSize(2);
    }

    @Test
    void case20_keyedTalkStreamOrderedByWindowThenKey() {
        TumblingWindowOperator op = sum(1000, 0);
        for (int i = 0; i < TALK.length; i++) {
            op.add(TALK_KEYS[i], i * 250L, v(TALK[i]));
        }
        op.advance(Long.MAX_VALUE);
        assertThat(out).extracting(r -> r.start() + ":" + r.key() + "=" + (long) r.values()[0]).containsExactly(
                "0:A=11", "0:B=2", "0:C=3", "1000:A=5", "1000:B=3", "1000:C=15", "2000:A=1", "2000:B=6", "2000:C=9");
    }

    @Test
    void case42_lateFiringWithinAllowedLatenessCarriesRevision() {
        TumblingWindowOperator op = sum(1000, 1000);
        op.add("", 0, v(5));
        op.advance(999);
        op.add("", 500, v(2));
        assertThat(out).containsExactly(new WindowResult("", 0, 1000, v(5), Firing.ON_TIME, 0),
                new WindowResult("", 0, 1000, v(7), Firing.LATE, 1));
    }

    @Test
    void case48_elementForFiredWindowIsLateDropped() {
        TumblingWindowOperator op = sum(1000, 0);
        op.add("", 0, v(5));
        op.advance(1100 - 100 - 1);
        assertThat(op.add("", 250, v(2))).isFalse();
        assertThat(op.lateDropped()).isEqualTo(1);
        assertThat(sums()).containsExactly(5.0);
        assertThat(op.stateEntries()).isZero();
    }
}
