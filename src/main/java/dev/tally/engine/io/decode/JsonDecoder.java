package dev.tally.engine.io.decode;

/**
 * Decodes only the fields of a {@link FieldLayout} from a JSON object's bytes, skipping everything else without
 * building a tree (see {@link JsonScanner}). Strings become String, numbers Double, booleans Boolean; objects and
 * arrays at a leaf are left out. Not thread-safe: one per thread.
 */
public final class JsonDecoder {

    private final FieldLayout layout;
    private final int maxBytes;
    private final JsonScanner scanner = new JsonScanner();

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
        try {
            DeadLetterReason r = scanner.scan(bytes, layout, row);
            if (r != null) {
                row.clear();
            }
            return r;
        } catch (JsonScanner.Malformed e) {
            row.clear();
            return DeadLetterReason.MALFORMED_JSON;
        }
    }
}
