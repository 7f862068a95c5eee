package dev.tally.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTests {

    private static final List<String> FIELDS = List.of("event_type", "ad_id", "price", "user.country");

    private static Object eval(String text, Object... values) {
        Expression e = Expressions.parse(text);
        Evaluator ev = e.compile(FIELDS::indexOf, Map.of("campaigns", Map.of("ad-1", "c-7")::get));
        return ev.eval(slot -> slot < values.length ? values[slot] : null);
    }

    @Test
    void comparesStringsAndNumbers() {
        assertThat(eval("event_type == \"view\"", "view")).isEqualTo(true);
        assertThat(eval("event_type != 'view'", "click")).isEqualTo(true);
        assertThat(eval("price >= 10 and price < 20", null, null, 12.0)).isEqualTo(true);
        assertThat(eval("price > 10", null, null, "9")).isEqualTo(false);
    }

    @Test
    void combinesWithAndOrNotAndIn() {
        assertThat(eval("not (event_type in ['view', 'click'])", "purchase")).isEqualTo(true);
        assertThat(eval("event_type not in ['view'] || false", "view")).isEqualTo(false);
    }

    @Test
    void computesArithmeticAndFunctions() {
        assertThat(eval("price * 2 + 1", null, null, 3.0)).isEqualTo(7.0);
        assertThat(eval("concat(upper(event_type), '-', length(event_type))", "view")).isEqualTo("VIEW-4");
        assertThat(eval("substring(event_type, 1, 3)", "view")).isEqualTo("ie");
        assertThat(eval("coalesce(user.country, 'none')")).isEqualTo("none");
    }

    /** Found by the fixed-time fuzz run: a NaN bound made substring throw; a bound that is not a number has no value. */
    @Test
    void substringOfANotANumberBoundHasNoValue() {
        assertThat(eval("substring(event_type, 1, price)", "view", null, Double.NaN)).isNull();
        assertThat(eval("substring(event_type, price)", "view", null, Double.NaN)).isNull();
        assertThat(eval("substring(event_type, 1, price)", "view", null, 0.0)).isEqualTo("");
        assertThat(eval("substring(event_type, 1, price)", "view", null, 99.0)).isEqualTo("iew");
    }

    @Test
    void looksUpStaticTables() {
        assertThat(eval("lookup('campaigns', ad_id)", null, "ad-1")).isEqualTo("c-7");
        assertThat(eval("lookup('campaigns', ad_id)", null, "ad-2")).isNull();
    }

    @Test
    void listsFieldsAndTables() {
        Expression e = Expressions.parse("lookup(\"campaigns\", ad_id) == user.country");
        assertThat(e.fields()).containsExactly("ad_id", "user.country");
        assertThat(e.lookups()).containsExactly("campaigns");
    }

    @Test
    void parseErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> Expressions.parse("a ==\n  (b"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("line 2, column 5");
        assertThatThrownBy(() -> Expressions.parse("exec('rm')"))
                .hasMessageContaining("unknown function 'exec'");
        assertThatThrownBy(() -> eval("lookup('nope', ad_id)")).hasMessageContaining("unknown lookup table 'nope'");
    }
}
