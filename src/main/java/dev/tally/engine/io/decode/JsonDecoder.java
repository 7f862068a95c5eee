package dev.tally.engine.io.decode;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes only the fields of a {@link FieldLayout} from a JSON object's bytes, skipping everything else without
 * building a tree. Strings become String, numbers Double, booleans Boolean; objects and arrays at a leaf are
 * left out. Not thread-safe (one per thread; the mapper inside is shared).
 */
public final class JsonDecoder {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final FieldLayout layout;
    private final int maxBytes;

    public JsonDecoder(FieldLayout layout, int maxBytes) {
        this.layout = layout;
        this.maxBytes = maxBytes;
    }

    /**
     * Decodes {@code bytes} into {@code row}.
     *
     * @return null on success, otherwise why the record is a dead letter
     */
    public DeadLetterReason decode(byte[] bytes, DecodedRow row) {
        row.clear();
        if (bytes == null) {
            return DeadLetterReason.MALFORMED_JSON;
        }
        if (bytes.length > maxBytes) {
            return DeadLetterReason.TOO_LARGE;
        }
        try (JsonParser p = MAPPER.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return DeadLetterReason.MALFORMED_JSON;
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                return p.nextToken() == null ? DeadLetterReason.NOT_AN_OBJECT : DeadLetterReason.MALFORMED_JSON;
            }
            readObject(p, layout.root, row);
            if (p.nextToken() != null) {
                return DeadLetterReason.MALFORMED_JSON;
            }
            return null;
        } catch (JacksonException | IllegalStateException e) {
            row.clear();
            return DeadLetterReason.MALFORMED_JSON;
        }
    }

    private static void readObject(JsonParser p, FieldLayout.Level level, DecodedRow row) {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            FieldLayout.Level child = level.children.get(p.currentName());
            JsonToken v = p.nextToken();
            if (child == null) {
                p.skipChildren();
            } else if (v == JsonToken.START_OBJECT && !child.children.isEmpty()) {
                readObject(p, child, row);
            } else if (child.slot >= 0) {
                row.values[child.slot] = scalar(p, v);
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected token " + t);
        }
    }

    private static Object scalar(JsonParser p, JsonToken v) {
        switch (v) {
            case VALUE_STRING: return p.getString();
            case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default:
                p.skipChildren();
                return null;
        }
    }
}
