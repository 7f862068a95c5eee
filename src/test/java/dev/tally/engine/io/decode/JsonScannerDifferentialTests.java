package dev.tally.engine.io.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand-written scanner against Jackson as the reference: random JSON documents and random corruptions of
 * them (truncation, flipped bytes, inserted characters, invalid UTF-8) must be classified the same way
 * (object / other JSON / malformed) and give the same field values.
 */
class JsonScannerDifferentialTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FIELDS = List.of("a", "b.c", "event_time", "s");
    private final FieldLayout layout = layout();
    private final JsonDecoder decoder = new JsonDecoder(layout, 1 << 20);
    private final DecodedRow row = new DecodedRow(layout.size());

    /** The layout of the fields, with event_time read as digits where it can be (as for an event-time field). */
    private static FieldLayout layout() {
        FieldLayout l = new FieldLayout(FIELDS);
        l.readDigits("event_time");
        return l;
    }

    @Test
    void agreesWithJacksonOnRandomAndCorruptedDocuments() {
        Random r = new Random(7);
        int checked = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] doc = document(r).getBytes(StandardCharsets.UTF_8);
            check(doc);
            check(corrupt(doc, r));
            checked += 2;
        }
        assertThat(checked).isEqualTo(40_000);
    }

    private void check(byte[] doc) {
        String expected = reference(doc);
        DeadLetterReason reason = decoder.decode(doc, row);
        String actual = reason == null ? values() : reason.name();
        assertThat(actual).as("input %s (%s)", new String(doc, StandardCharsets.UTF_8),
                java.util.HexFormat.of().formatHex(doc)).isEqualTo(expected);
    }

    private String values() {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < FIELDS.size(); s++) {
            out.add(String.valueOf(row.get(s)));
        }
        return out.toString();
    }

    /**
     * What Jackson says: MALFORMED_JSON, NOT_AN_OBJECT, or the field values as the decoder presents them. Jackson
     * accepts some byte sequences that are not UTF-8 (overlong forms such as C0 A9); JSON text must be UTF-8
     * (RFC 8259), so those are malformed here whatever Jackson says.
     */
    private static String reference(byte[] doc) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(doc));
        } catch (java.nio.charset.CharacterCodingException e) {
            return DeadLetterReason.MALFORMED_JSON.name();
        }
        JsonNode root;
        try {
            root = JSON.readTree(doc);
        } catch (JacksonException e) {
            return DeadLetterReason.MALFORMED_JSON.name();
        }
        if (root == null || root.isMissingNode()) {
            return DeadLetterReason.MALFORMED_JSON.name();
        }
        if (!root.isObject()) {
            return DeadLetterReason.NOT_AN_OBJECT.name();
        }
        List<String> out = new ArrayList<>();
        for (String path : FIELDS) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                n = n == null || !n.isObject() ? null : n.get(part);
            }
            out.add(String.valueOf(n == null || n.isNull() || n.isContainer() ? null
                    : n.isString() ? n.asString() : n.isBoolean() ? n.asBoolean() : n.asDouble()));
        }
        return out.toString();
    }

    private static String document(Random r) {
        StringBuilder sb = new StringBuilder("{");
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(r.nextInt(4) == 0 ? " " : "");
            String name = List.of("a", "b", "s", "event_time", "x", "ü", "a\\u0062", "a_rather_long_field_name",
                    "event_tXme", "xvent_time", "event_timx").get(r.nextInt(11)); // near misses of equal length
            sb.append('"').append(name).append("\":").append(value(r, 0, name.equals("b")));
        }
        return sb.append('}').toString();
    }

    private static String value(Random r, int depth, boolean objectLikely) {
        int k = objectLikely && depth < 3 ? 6 : r.nextInt(depth < 3 ? 7 : 5);
        switch (k) {
            case 0: return "\"" + (r.nextInt(3) == 0 ? longString(r)
                    : List.of("view", "é\\n\\\"x", "\\u00e9", "日本", "a\\\\b", "").get(r.nextInt(6))) + "\"";
            case 1: return List.of("0", "-12", "1700000000123", "3.25", "-0.5e3", "1E2", "12345678901234567890").get(r.nextInt(7));
            case 2: return List.of("true", "false", "null").get(r.nextInt(3));
            case 3: return "\"" + List.of("" + r.nextInt(1000), "0", "007", "1700000000123", "12345678901234567890",
                    "-5").get(r.nextInt(6)) + "\"";
            case 4: return " " + r.nextInt(100) + " ";
            case 5: return "[" + value(r, depth + 1, false) + "," + value(r, depth + 1, false) + "]";
            default: return "{\"c\":" + value(r, depth + 1, false) + ",\"d\":" + value(r, depth + 1, false) + "}";
        }
    }

    /** Strings long enough for the eight-bytes-at-a-time scan, with escapes and multi-byte characters anywhere. */
    private static String longString(Random r) {
        List<String> pieces = List.of("abcdefgh", "x", "0123456789abcdef", "é", "日本", "😀", "\\\"", "\\\\",
                "\\u0041", "\\n", " ", "~");
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(12); n > 0; n--) {
            sb.append(pieces.get(r.nextInt(pieces.size())));
        }
        return sb.toString();
    }

    private static byte[] corrupt(byte[] doc, Random r) {
        byte[] out = doc.clone();
        switch (r.nextInt(5)) {
            case 0: return java.util.Arrays.copyOf(doc, r.nextInt(doc.length + 1));
            case 1:
                out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                return out;
            case 2:
                String tokens = "{}[]\",:\\ 0tfn-.e";
                out[r.nextInt(out.length)] = (byte) tokens.charAt(r.nextInt(tokens.length()));
                return out;
            case 3: return ("[" + new String(doc, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
            default: return (new String(doc, StandardCharsets.UTF_8) + List.of(" ", "x", "{}", "\n").get(r.nextInt(4)))
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
