package dev.tally.engine.io.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A decoder that has just read a record guesses the next record's names from it. Records that differ from the
 * last one in a name (a changed, inserted or removed byte, an escape, a byte that is not plain) must decode
 * exactly as a fresh decoder, without guesses, decodes them.
 */
class NameGuessTests {

    private static final List<String> FIELDS = List.of("ad_id", "event_type", "event_time", "x.y");
    private static final String BASE = "{\"user_id\":\"u1\",\"ad_id\":\"a-17\",\"ab\":1,\"event_type\":\"view\","
            + "\"event_time\":\"1700000000123\",\"x\":{\"y\":\"deep\"},\"ip_address\":\"1.2.3.4\"}";
    private static final byte[] NEAR = {'"', '\\', 0x1F, (byte) 0x80, (byte) 0xC3, 'a', '_', 'e', ' ', ':'};

    @Test
    void recordsWhoseNamesDifferFromTheGuessDecodeAsWithoutGuesses() {
        FieldLayout layout = layout();
        JsonDecoder warm = new JsonDecoder(layout, 1 << 20);
        DecodedRow warmRow = new DecodedRow(layout.size());
        byte[] base = BASE.getBytes(StandardCharsets.UTF_8);
        Random r = new Random(3);
        int guessedAndChanged = 0;
        for (int i = 0; i < 50_000; i++) {
            assertThat(warm.decode(base, warmRow)).isNull();
            byte[] doc = mutateAName(base, r);
            JsonDecoder fresh = new JsonDecoder(layout, 1 << 20);
            DecodedRow freshRow = new DecodedRow(layout.size());
            String expected = outcome(fresh.decode(doc, freshRow), freshRow);
            assertThat(outcome(warm.decode(doc, warmRow), warmRow))
                    .as("%s", new String(doc, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
            guessedAndChanged++;
        }
        assertThat(guessedAndChanged).isEqualTo(50_000);
    }

    @Test
    void aGuessedRecordReadsTheSameFields() {
        FieldLayout layout = layout();
        JsonDecoder decoder = new JsonDecoder(layout, 1 << 20);
        DecodedRow row = new DecodedRow(layout.size());
        byte[] base = BASE.getBytes(StandardCharsets.UTF_8);
        String first = outcome(decoder.decode(base, row), row);
        assertThat(first).isEqualTo("[a-17, view, 1700000000123, deep]");
        for (int i = 0; i < 3; i++) {
            assertThat(outcome(decoder.decode(base, row), row)).isEqualTo(first);
        }
        byte[] swapped = BASE.replace("\"ad_id\":\"a-17\",\"ab\":1", "\"ab\":1,\"ad_id\":\"a-17\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(decoder.decode(swapped, row), row)).isEqualTo(first);
    }

    private static FieldLayout layout() {
        FieldLayout l = new FieldLayout(FIELDS);
        l.readDigits("event_time");
        return l;
    }

    /** Changes, inserts or deletes one byte inside a member name (between a name's quotes). */
    private static byte[] mutateAName(byte[] base, Random r) {
        List<Integer> nameBytes = new ArrayList<>();
        boolean inString = false;
        int start = 0;
        for (int i = 0; i < base.length; i++) {
            if (base[i] == '"') {
                if (inString && i + 1 < base.length && base[i + 1] == ':') {
                    for (int k = start; k <= i; k++) {
                        nameBytes.add(k); // the closing quote too: its change lengthens the name
                    }
                }
                inString = !inString;
                start = i + 1;
            }
        }
        int at = nameBytes.get(r.nextInt(nameBytes.size()));
        byte b = r.nextBoolean() ? NEAR[r.nextInt(NEAR.length)] : (byte) r.nextInt(256);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(base, 0, at);
        switch (r.nextInt(3)) {
            case 0 -> {
                out.write(b);
                out.write(base, at + 1, base.length - at - 1);
            }
            case 1 -> {
                out.write(b);
                out.write(base, at, base.length - at);
            }
            default -> out.write(base, at + 1, base.length - at - 1);
        }
        return out.toByteArray();
    }

    private static String outcome(DeadLetterReason reason, DecodedRow row) {
        if (reason != null) {
            return reason.name();
        }
        List<String> out = new ArrayList<>();
        for (int s = 0; s < FIELDS.size(); s++) {
            out.add(String.valueOf(row.get(s)));
        }
        return out.toString();
    }
}
