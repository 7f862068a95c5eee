package dev.tally.engine.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.AggregateSpec.Kind;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Kafka result record: exact integers in full (issue #11 part 3), decimals as decimals, null for no value. */
class ResultJsonTests {

    private static final List<AggregateSpec> SPECS = List.of(new AggregateSpec("sum", Kind.SUM, "v"),
            new AggregateSpec("min", Kind.MIN, "v"), new AggregateSpec("max", Kind.MAX, "v"),
            new AggregateSpec("avg", Kind.AVG, "v"));
    private static final ResultJson JSON = new ResultJson(List.of("sum", "min", "max", "avg"), new Aggregates(SPECS));

    @Test
    void integersAreWrittenInFullAndReadBackExactly() {
        WindowResult r = new WindowResult("b", 0, 10_000,
                ResultValues.of(9007199254740993L, Long.MIN_VALUE, Long.MAX_VALUE, 9.007199254740992E15),
                Firing.ON_TIME, 0);
        String json = JSON.encode(r);
        assertThat(json).isEqualTo("{\"key\":\"b\",\"windowStart\":0,\"windowEnd\":10000,\"timestamp\":9999,"
                + "\"values\":{\"sum\":9007199254740993,\"min\":-9223372036854775808,\"max\":9223372036854775807,"
                + "\"avg\":9.007199254740992E15},\"firing\":\"ON_TIME\",\"revision\":0}");
        JsonNode values = JsonMapper.builder().build().readTree(json).get("values");
        assertThat(values.get("sum").longValue()).isEqualTo(9007199254740993L);
        assertThat(values.get("min").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(values.get("max").longValue()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aSumBeyondTheLongRangeIsWrittenExactlyAndAbsentValuesAreNull() {
        BigInteger twiceMax = BigInteger.valueOf(Long.MAX_VALUE).shiftLeft(1);
        WindowResult r = new WindowResult("a", 0, 1000, ResultValues.of(twiceMax, null, null, null), Firing.LATE, 2);
        String json = JSON.encode(r);
        assertThat(json).contains("\"values\":{\"sum\":18446744073709551614,\"min\":null,\"max\":null,\"avg\":null}");
        assertThat(JsonMapper.builder().build().readTree(json).get("values").get("sum").bigIntegerValue())
                .isEqualTo(twiceMax);
    }

    @Test
    void decimalsStayDecimalsEvenWhenWhole() {
        WindowResult r = new WindowResult("c", 0, 1000, ResultValues.of(3.0, 1L, 2.5, 1.5), Firing.EARLY, 0);
        assertThat(JSON.encode(r)).contains("\"values\":{\"sum\":3.0,\"min\":1,\"max\":2.5,\"avg\":1.5}");
    }
}
