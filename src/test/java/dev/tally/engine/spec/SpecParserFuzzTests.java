package dev.tally.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.runtime.JobPlan;
import dev.tally.testing.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the spec parser (jqwik; corpus {@code src/test/resources/fuzz/spec}): any text, read as YAML and as
 * JSON, is either a spec whose canonical JSON parses back to the same hash and that a confined engine compiles or
 * refuses with a {@link SpecException}, or is refused with a {@link SpecException} whose errors have JSON pointers;
 * nothing else is thrown and no input takes more than {@link FuzzCorpus#BOUND}. Tries: {@code -Djqwik.tries.default}
 * (default 1000 per property, a few seconds).
 */
class SpecParserFuzzTests {

    private static final FuzzCorpus CORPUS = FuzzCorpus.of("spec");
    private static final byte[] ALPHABET = "{}[]:,-\"' \n\t#&*!|>?%@`abcdeiklmnorstuwy0123456789.()=<_"
            .getBytes(StandardCharsets.US_ASCII);
    private static final EngineConfig ENGINE = EngineConfig.defaults("127.0.0.1:9092", Path.of("")
            .toAbsolutePath()).confined();

    @Example
    void theKeptCorpusReplays() {
        CORPUS.inputs().forEach(input -> CORPUS.check(input, SpecParserFuzzTests::parses));
    }

    @Property
    void mutatedSpecs(@ForAll("mutated") byte[] input) {
        CORPUS.check(input, SpecParserFuzzTests::parses);
    }

    @Property(tries = 300)
    void anyText(@ForAll("text") String text) {
        CORPUS.check(text.getBytes(StandardCharsets.UTF_8), SpecParserFuzzTests::parses);
    }

    /** Mutations of the corpus for a fixed time ({@link FuzzCorpus#BUDGET}), whatever the machine's speed. */
    @Example
    void mutatedForAFixedTime() {
        assertThat(CORPUS.checkFor(FuzzCorpus.BUDGET, mutated(), SpecParserFuzzTests::parses)).isPositive();
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return CORPUS.mutations(ALPHABET);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(500);
    }

    static void parses(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        for (boolean yaml : new boolean[] {true, false}) {
            ParsedSpec parsed;
            try {
                parsed = SpecParser.parse(text, yaml);
            } catch (SpecException e) {
                assertThat(e.errors()).isNotEmpty().allSatisfy(err -> assertThat(err.pointer()).matches("|/.*"));
                continue;
            }
            assertThat(SpecParser.parse(parsed.canonicalJson(), false).hash()).isEqualTo(parsed.hash());
            try {
                assertThat(JobPlan.compile(parsed.spec(), ENGINE)).isNotNull();
            } catch (SpecException e) {
                assertThat(e.errors()).isNotEmpty();
            }
        }
    }
}
