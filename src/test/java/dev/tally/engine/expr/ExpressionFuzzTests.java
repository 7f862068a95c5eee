package dev.tally.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the expression parser and evaluator (jqwik; corpus {@code src/test/resources/fuzz/expression}): any text
 * either parses, to a tree at most 256 deep that compiles and evaluates on rows of strings, numbers, booleans and
 * missing values to a String, Double, Boolean or null, or is refused with an {@link ExpressionException}; nothing
 * else is thrown and nothing takes longer than {@link FuzzCorpus#BOUND}.
 */
class ExpressionFuzzTests {

    private static final FuzzCorpus CORPUS = FuzzCorpus.of("expression");
    private static final byte[] ALPHABET = "()[]+-*/%!<>=&|,.'\"\\ abcdefiklnoprstuvwxyz0123456789e_\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final Object[] VALUES = {null, "", "a", "view", "caf\u00e9", "1", 0.0, -1.5, 1e308,
        Double.NaN, Double.POSITIVE_INFINITY, Boolean.TRUE, Boolean.FALSE};

    @Example
    void theKeptCorpusReplays() {
        CORPUS.inputs().forEach(input -> CORPUS.check(input, ExpressionFuzzTests::evaluates));
    }

    @Property
    void mutatedExpressions(@ForAll("mutated") byte[] input) {
        CORPUS.check(input, ExpressionFuzzTests::evaluates);
    }

    @Property(tries = 300)
    void anyText(@ForAll("text") String text) {
        CORPUS.check(text.getBytes(StandardCharsets.UTF_8), ExpressionFuzzTests::evaluates);
    }

    /** Mutations of the corpus for a fixed time ({@link FuzzCorpus#BUDGET}), whatever the machine's speed. */
    @Example
    void mutatedForAFixedTime() {
        assertThat(CORPUS.checkFor(FuzzCorpus.BUDGET, mutated(), ExpressionFuzzTests::evaluates)).isPositive();
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return CORPUS.mutations(ALPHABET);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("()[]+-*/%!<>=&|,.'\" abinot01").ofMaxLength(300));
    }

    static void evaluates(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Expression e;
        try {
            e = Expressions.parse(text);
        } catch (ExpressionException refused) {
            assertThat(refused.line()).isPositive();
            assertThat(refused.column()).isPositive();
            return;
        }
        assertThat(e.depth()).isBetween(1, 256);
        List<String> fields = new ArrayList<>(e.fields());
        Map<String, Lookup> tables = new HashMap<>();
        e.lookups().forEach(t -> tables.put(t, new TextTable(Map.of("a", "A", "1", "one"))));
        Evaluator evaluator;
        try {
            evaluator = e.compile(fields::indexOf, tables);
        } catch (ExpressionException refused) {
            return;
        }
        Random r = new Random(text.hashCode());
        for (int i = 0; i < 8; i++) {
            Object[] values = new Object[fields.size()];
            for (int s = 0; s < values.length; s++) {
                values[s] = VALUES[r.nextInt(VALUES.length)];
            }
            Object v = evaluator.eval(slot -> values[slot]);
            assertThat(v == null || v instanceof String || v instanceof Double || v instanceof Boolean)
                    .as("value %s", v).isTrue();
        }
    }
}
