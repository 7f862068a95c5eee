package dev.tally.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.AggregateSpec.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue #11 part 3: integer inputs are aggregated exactly, decimals by the documented rule, in any order. */
class AggregatesTests {

    private static final Aggregates AGGREGATES = new Aggregates(List.of(new AggregateSpec("sum", Kind.SUM, "v"),
            new AggregateSpec("min", Kind.MIN, "v"), new AggregateSpec("max", Kind.MAX, "v"),
            new AggregateSpec("avg", Kind.AVG, "v"), AggregateSpec.count("n")));
    private static final long[] EXTREMES = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 0,
            -1, 1, (1L << 53) + 1, -(1L << 53) - 1, 9223372026854775807L, -9223372026854775808L};

    /** One element's input: an integer, a decimal or nothing. */
    private record In(long kind, long integer, double decimal) {

        static In of(long v) {
            return new In(Inputs.INTEGER, v, 0);
        }

        static In of(double v) {
            return new In(Inputs.DECIMAL, 0, v);
        }

        long[] slots() {
            long[] in = new long[Inputs.SLOTS * 5];
            for (int c = 0; c < 5; c++) {
                if (kind == Inputs.INTEGER) {
                    Inputs.integer(in, c * Inputs.SLOTS, integer);
                } else if (kind == Inputs.DECIMAL) {
                    Inputs.decimal(in, c * Inputs.SLOTS, decimal);
                } else {
                    Inputs.none(in, c * Inputs.SLOTS);
                }
            }
            return in;
        }

        BigDecimal exact() {
            return kind == Inputs.INTEGER ? new BigDecimal(integer) : new BigDecimal(decimal);
        }

        Number number() {
            return kind == Inputs.INTEGER ? (Number) integer : (Number) decimal;
        }
    }

    private static ResultValues inOrder(List<In> inputs) {
        Accumulator acc = AGGREGATES.create();
        for (In in : inputs) {
            AGGREGATES.add(acc, in.slots(), 0);
        }
        return AGGREGATES.results(acc);
    }

    /** Flat partials of random runs of the inputs, merged in reverse, then through a written and read accumulator. */
    private static ResultValues inPartials(List<In> inputs, Random random) throws IOException {
        int w = AGGREGATES.width();
        List<long[]> partials = new ArrayList<>();
        for (int i = 0; i < inputs.size(); ) {
            int run = 1 + random.nextInt(4);
            long[] p = new long[w + 3];
            AGGREGATES.init(p, 3);
            for (int j = i; j < Math.min(inputs.size(), i + run); j++) {
                AGGREGATES.add(p, 3, inputs.get(j).slots(), 0);
            }
            partials.add(p);
            i += run;
        }
        long[] total = new long[w];
        AGGREGATES.init(total, 0);
        for (int i = partials.size() - 1; i >= 0; i--) {
            AGGREGATES.mergeValues(total, 0, partials.get(i), 3);
        }
        Accumulator merged = AGGREGATES.create();
        AGGREGATES.merge(merged, AGGREGATES.accumulator(total, 0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AGGREGATES.write(merged, new DataOutputStream(bytes));
        Accumulator read = AGGREGATES.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        return AGGREGATES.results(read);
    }

    /** The values BigInteger and BigDecimal arithmetic give, by the README's rule. */
    private static ResultValues reference(List<In> inputs) {
        BigInteger integers = BigInteger.ZERO;
        BigDecimal decimals = BigDecimal.ZERO;
        boolean anyDecimal = false;
        long present = 0;
        In min = null;
        In max = null;
        for (In in : inputs) {
            if (in.kind == Inputs.NONE) {
                continue;
            }
            present++;
            if (in.kind == Inputs.INTEGER) {
                integers = integers.add(BigInteger.valueOf(in.integer));
            } else {
                decimals = decimals.add(new BigDecimal(in.decimal));
                anyDecimal = true;
            }
            int lo = min == null ? -1 : in.exact().compareTo(min.exact());
            if (lo < 0 || (lo == 0 && in.kind == Inputs.INTEGER)) {
                min = in;
            }
            int hi = max == null ? 1 : in.exact().compareTo(max.exact());
            if (hi > 0 || (hi == 0 && in.kind == Inputs.INTEGER)) {
                max = in;
            }
        }
        BigDecimal exactSum = new BigDecimal(integers).add(decimals);
        Number sum = anyDecimal ? (Number) exactSum.doubleValue() : integers;
        Double avg = present == 0 ? null
                : anyDecimal ? exactSum.doubleValue() / present
                        : exactSum.divide(BigDecimal.valueOf(present), new MathContext(60)).doubleValue();
        return ResultValues.of(sum, min == null ? null : min.number(), max == null ? null : max.number(), avg,
                (long) inputs.size());
    }

    private static In random(Random random, boolean decimals) {
        return switch (random.nextInt(decimals ? 6 : 5)) {
            case 0 -> new In(Inputs.NONE, 0, 0);
            case 1 -> In.of(EXTREMES[random.nextInt(EXTREMES.length)]);
            case 2 -> In.of(random.nextLong());
            case 3, 4 -> In.of((long) random.nextInt(2001) - 1000);
            default -> In.of((random.nextLong() >> 24) / 4.0); // |v| < 2^38, exact in quarters: sums stay exact
        };
    }

    @Test
    void randomIntegerAndDecimalMixesMatchBigIntegerAndBigDecimalArithmeticInAnyOrder() throws IOException {
        Random random = new Random(20_261_129);
        for (int round = 0; round < 3000; round++) {
            List<In> inputs = new ArrayList<>();
            boolean decimals = round % 2 == 0;
            for (int i = random.nextInt(25); i >= 0; i--) {
                inputs.add(random(random, decimals));
            }
            ResultValues expected = reference(inputs);
            assertThat(inOrder(inputs)).as("%s", inputs).isEqualTo(expected);
            Collections.shuffle(inputs, random);
            assertThat(inOrder(inputs)).as("shuffled %s", inputs).isEqualTo(expected);
            assertThat(inPartials(inputs, random)).as("partials of %s", inputs).isEqualTo(expected);
        }
    }

    @Test
    void minAndMaxOfASingleLongMaxOrMinValueAreThatValue() {
        for (long v : new long[] {Long.MAX_VALUE, Long.MIN_VALUE}) {
            ResultValues r = inOrder(List.of(In.of(v)));
            assertThat(r.text(0)).isEqualTo(Long.toString(v));
            assertThat(r.longValue(1)).isEqualTo(v);
            assertThat(r.longValue(2)).isEqualTo(v);
            assertThat(r.text(1)).isEqualTo(r.text(2)).isEqualTo(Long.toString(v));
            assertThat(r.doubleValue(3)).isEqualTo((double) v);
        }
    }

    @Test
    void noInputIsNoValueNotAnExtreme() {
        ResultValues r = inOrder(List.of(new In(Inputs.NONE, 0, 0), new In(Inputs.NONE, 0, 0)));
        assertThat(r).isEqualTo(ResultValues.of(0L, null, null, null, 2L));
        assertThat(r.isPresent(1)).isFalse();
        assertThat(r.text(2)).isNull();
    }

    @Test
    void aSumOutsideTheLongRangeIsExactAndDoesNotDependOnOrder() {
        assertThat(inOrder(List.of(In.of(Long.MAX_VALUE), In.of(Long.MAX_VALUE))).text(0))
                .isEqualTo("18446744073709551614");
        assertThat(inOrder(List.of(In.of(Long.MIN_VALUE), In.of(Long.MIN_VALUE))).text(0))
                .isEqualTo("-18446744073709551616");
        for (List<In> order : List.of(List.of(In.of(Long.MAX_VALUE), In.of(1L), In.of(-1L)),
                List.of(In.of(1L), In.of(Long.MAX_VALUE), In.of(-1L)))) {
            ResultValues r = inOrder(order);
            assertThat(r.isInteger(0)).isTrue();
            assertThat(r.longValue(0)).as("a long sum that overflows on the way back into range")
                    .isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void aDecimalInputMakesTheSumADecimalAndMinMaxKeepTheExtremeInputAsItCame() {
        assertThat(inOrder(List.of(In.of(1L), In.of(2.5))).toString()).isEqualTo("[3.5, 1, 2.5, 1.75, 2]");
        assertThat(inOrder(List.of(In.of(1L), In.of(2.0))).toString()).isEqualTo("[3.0, 1, 2.0, 1.5, 2]");
        assertThat(inOrder(List.of(In.of(3.0), In.of(3L))).toString()).as("an integer wins a tie")
                .isEqualTo(inOrder(List.of(In.of(3L), In.of(3.0))).toString()).isEqualTo("[6.0, 3, 3, 3.0, 2]");
        assertThat(inOrder(List.of(In.of(9007199254740993L), In.of(9007199254740992.0))).text(2))
                .as("compared exactly, not as doubles").isEqualTo("9007199254740993");
    }
}
