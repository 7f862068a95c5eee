package dev.tally.engine.io.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDecoderTests {

    private final FieldLayout layout = new FieldLayout(List.of("event_type", "event_time", "geo.country"));
    private final JsonDecoder decoder = new JsonDecoder(layout, 1 << 20);
    private final DecodedRow row = new DecodedRow(layout.size());

    private DeadLetterReason decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), row);
    }

    @Test
    void decodesOnlyDeclaredFieldsIncludingNestedOnes() {
        assertThat(decode("{\"user\":{\"x\":[1,2]},\"event_type\":\"view\",\"event_time\":1700000000123,"
                + "\"geo\":{\"country\":\"NL\",\"city\":\"A\"}}")).isNull();
        assertThat(row.get(layout.slot("event_type"))).isEqualTo("view");
        assertThat(row.get(layout.slot("event_time"))).isEqualTo(1.700000000123E12);
        assertThat(row.get(layout.slot("geo.country"))).isEqualTo("NL");
    }

    @Test
    void classifiesMalformedInput() {
        assertThat(decode("{\"event_type\":\"vi")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(decode("[1,2]")).isEqualTo(DeadLetterReason.NOT_AN_OBJECT);
        assertThat(decode("{\"a\":1} x")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(decoder.decode(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, row))
                .isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(new JsonDecoder(layout, 10).decode(new byte[11], row)).isEqualTo(DeadLetterReason.TOO_LARGE);
    }
}
