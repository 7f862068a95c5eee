package dev.tally.engine.expr;

import java.nio.charset.StandardCharsets;

/** A static table that expressions read with {@code lookup("name", key)}. Implementations are immutable. */
@FunctionalInterface
public interface Lookup {

    /** The value for a key, or {@code null}. */
    String get(String key);

    /** The value for the key whose UTF-8 bytes are {@code utf8[from, from + length)}, or {@code null}. */
    default String get(byte[] utf8, int from, int length) {
        return get(new String(utf8, from, length, StandardCharsets.UTF_8));
    }
}
