package dev.tally.engine.io.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.expr.Evaluator;
import dev.tally.engine.expr.Expressions;
import dev.tally.engine.expr.Row;
import dev.tally.engine.expr.TextTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Comparisons and lookups on a decoded row's byte views give what they give on made values (as any other row
 * presents them), for every kind of value a field can hold.
 */
class DecodedViewsTests {

    private static final List<String> FIELDS = List.of("s", "t");
    private static final TextTable TABLE = new TextTable(Map.of("view", "V", "日本", "J", "5", "five", "", "empty",
            "a\"b", "quoted", "0123456789abcdefXY", "long"));
    private static final List<String> EXPRESSIONS = List.of("s == \"view\"", "\"view\" != s", "s == ''",
            "s == \"日本\"", "s == '5'", "lookup(\"t\", s)", "coalesce(lookup(\"t\", s), 'none')", "s == t",
            "s == \"0123456789abcdefXY\"");
    private static final List<String> VALUES = List.of("\"view\"", "\"views\"", "\"vie\"", "\"\"", "\"vi\\u0065w\"",
            "\"日本\"", "5", "\"5\"", "null", "true", "{\"x\":1}", "[1]", "\"a\\\"b\"", "\"0123456789abcdefXY\"",
            "\"0123456789abcdefXZ\"");

    @Test
    void viewsAnswerAsMadeValuesDo() {
        FieldLayout layout = new FieldLayout(FIELDS);
        JsonDecoder decoder = new JsonDecoder(layout, 1 << 20);
        DecodedRow row = new DecodedRow(layout.size());
        JsonMapper json = JsonMapper.builder().build();
        int checked = 0;
        for (String expression : EXPRESSIONS) {
            Evaluator e = Expressions.parse(expression).compile(layout::slot, Map.of("t", TABLE));
            for (String s : VALUES) {
                for (String t : List.of("\"view\"", "5")) {
                    byte[] doc = ("{\"s\":" + s + ",\"t\":" + t + "}").getBytes(StandardCharsets.UTF_8);
                    assertThat(decoder.decode(doc, row)).isNull();
                    Object viaViews = e.eval(row);
                    JsonNode tree = json.readTree(doc);
                    Object[] made = {value(tree.get("s")), value(tree.get("t"))};
                    Row plain = slot -> made[slot];
                    assertThat(viaViews).as("%s on %s", expression, new String(doc, StandardCharsets.UTF_8))
                            .isEqualTo(e.eval(plain));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(EXPRESSIONS.size() * VALUES.size() * 2);
    }

    @Test
    void tableAnswersForBytesAsForStrings() {
        for (String k : List.of("view", "日本", "5", "", "a\"b", "0123456789abcdefXY", "missing", "0123456789abcdefXZ")) {
            byte[] b = ("__" + k + "__").getBytes(StandardCharsets.UTF_8);
            assertThat(TABLE.get(b, 2, b.length - 4)).as(k).isEqualTo(TABLE.get(k));
        }
    }

    private static Object value(JsonNode n) {
        return n == null || n.isNull() || n.isContainer() ? null
                : n.isString() ? n.asString() : n.isBoolean() ? n.asBoolean() : (Object) n.asDouble();
    }
}
