package dev.tally.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.aggregate.Inputs;
import dev.tally.engine.io.decode.DecodedRow;
import dev.tally.engine.io.decode.JsonDecoder;
import dev.tally.engine.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which numbers become exact integer inputs and which decimals (the README's "Integers and decimals"). */
class JobPlanInputsTests {

    private static final JobPlan PLAN = JobPlan.compile(SpecParser.parse("""
            name: t
            source: { kind: kafka, topic: in }
            time: { field: ts }
            key: k
            window: { kind: tumbling, size: 1s }
            aggregates: [ { name: s, kind: sum, field: v }, { name: twice, kind: sum, field: v * 2 },
                          { name: half, kind: sum, field: v / 2 } ]
            """).spec(), Path.of("."));

    /** Kind and payload of the three inputs of the record {@code {"ts":0,"v":<v>}}, as text. */
    private static String inputs(String v) {
        DecodedRow row = new DecodedRow(PLAN.layout.size());
        byte[] record = ("{\"ts\":0,\"k\":\"a\",\"v\":" + v + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(new JsonDecoder(PLAN.layout, 1 << 20).decode(record, row)).isNull();
        long[] in = new long[PLAN.stride];
        PLAN.inputs(row, in);
        StringBuilder sb = new StringBuilder();
        for (int at = 0; at < in.length; at += Inputs.SLOTS) {
            sb.append(at > 0 ? " " : "").append(in[at] == Inputs.INTEGER ? "int:" + in[at + 1]
                    : in[at] == Inputs.DECIMAL ? "dec:" + Inputs.doubleValue(in, at) : "none");
        }
        return sb.toString();
    }

    @Test
    void integerLiteralsWithinTheLongRangeAreExact() {
        assertThat(inputs("9007199254740993")).startsWith("int:9007199254740993 ");
        assertThat(inputs("9223372036854775807")).startsWith("int:9223372036854775807 ");
        assertThat(inputs("-9223372036854775808")).startsWith("int:-9223372036854775808 ");
        assertThat(inputs("-0")).startsWith("int:0 ");
        assertThat(inputs("\"-42\"")).as("a numeric string, as the decoder reads them").startsWith("int:-42 ");
    }

    @Test
    void anythingElseNumericIsADecimal() {
        assertThat(inputs("9223372036854775808")).as("2^63: outside the long range")
                .startsWith("dec:9.223372036854776E18 ");
        assertThat(inputs("-9223372036854775809")).startsWith("dec:-9.223372036854776E18 ");
        assertThat(inputs("3.0")).startsWith("dec:3.0 ");
        assertThat(inputs("1e3")).startsWith("dec:1000.0 ");
        assertThat(inputs("\"2.5\"")).startsWith("dec:2.5 ");
        assertThat(inputs("\"12345678901234567890\"")).startsWith("dec:1.2345678901234567E19 ");
        assertThat(inputs("true")).isEqualTo("none none none");
        assertThat(inputs("\"x\"")).isEqualTo("none none none");
        assertThat(inputs("null")).isEqualTo("none none none");
    }

    @Test
    void computedValuesAreIntegersWhenWholeAndWithinTwoToThe53() {
        assertThat(inputs("3")).isEqualTo("int:3 int:6 dec:1.5");
        assertThat(inputs("4.0")).isEqualTo("dec:4.0 int:8 int:2");
        // an expression computes in doubles: v is rounded to 2^53 before it is halved (use a plain field for exactness)
        assertThat(inputs("9007199254740993")).endsWith(" dec:1.8014398509481984E16 int:4503599627370496");
    }
}
