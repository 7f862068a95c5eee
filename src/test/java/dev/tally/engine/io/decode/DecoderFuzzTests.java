package dev.tally.engine.io.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the event decoder (jqwik; corpus {@code src/test/resources/fuzz/event}): any bytes decode to a row or a
 * dead-letter reason, never an exception, within {@link FuzzCorpus#BOUND}; a decoded row's values read back.
 * (That a whole record never fails a job is {@code RecordPathFuzzTests}.)
 */
class DecoderFuzzTests {

    private static final FuzzCorpus CORPUS = FuzzCorpus.of("event");
    private static final byte[] ALPHABET = "{}[]:,\"\\ \n0123456789.eE+-truefalsnu\u00e9abkt_"
            .getBytes(StandardCharsets.UTF_8);
    private static final List<String> FIELDS = List.of("k", "t", "v", "a.b.c", "nested.s", "event_time", "ad_id");

    @Example
    void theKeptCorpusReplays() {
        CORPUS.inputs().forEach(input -> CORPUS.check(input, DecoderFuzzTests::decodes));
    }

    @Property
    void mutatedEvents(@ForAll("mutated") byte[] input) {
        CORPUS.check(input, DecoderFuzzTests::decodes);
    }

    @Property(tries = 300)
    void anyBytes(@ForAll("bytes") byte[] input) {
        CORPUS.check(input, DecoderFuzzTests::decodes);
    }

    /** Mutations of the corpus for a fixed time ({@link FuzzCorpus#BUDGET}), whatever the machine's speed. */
    @Example
    void mutatedForAFixedTime() {
        assertThat(CORPUS.checkFor(FuzzCorpus.BUDGET, mutated(), DecoderFuzzTests::decodes)).isPositive();
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return CORPUS.mutations(ALPHABET);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    static void decodes(byte[] input) {
        FieldLayout layout = new FieldLayout(FIELDS);
        layout.readDigits("t");
        layout.readDigits("event_time");
        DecodedRow row = new DecodedRow(layout.size());
        DeadLetterReason reason = new JsonDecoder(layout, 1 << 16).decode(input, row);
        for (int s = 0; s < layout.size(); s++) {
            Object v = row.get(s);
            if (reason != null) {
                assertThat(v).as("a dead letter leaves no values").isNull();
            }
            row.hasLong(s);
            row.textEquals(s, "a".getBytes(StandardCharsets.UTF_8));
        }
    }
}
