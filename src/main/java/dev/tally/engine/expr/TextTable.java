package dev.tally.engine.expr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A lookup table of text keys that also answers for a key given as UTF-8 bytes, without making a String: the
 * keys' bytes in an open-addressing table, hashed eight bytes at a time. Values are returned as the same String
 * instances every time. Immutable and thread-safe.
 */
public final class TextTable implements Lookup {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Map<String, String> map;
    private final byte[][] keys;
    private final String[] values;
    private final int mask;

    public TextTable(Map<String, String> rows) {
        this.map = new HashMap<>(rows);
        int capacity = Integer.highestOneBit(Math.max(4, rows.size() * 2 - 1)) << 1;
        this.keys = new byte[capacity][];
        this.values = new String[capacity];
        this.mask = capacity - 1;
        for (Map.Entry<String, String> e : map.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            int i = hash(k, 0, k.length) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = e.getValue();
        }
    }

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public String get(byte[] utf8, int from, int length) {
        for (int i = hash(utf8, from, length) & mask; keys[i] != null; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k.length == length && Arrays.equals(k, 0, length, utf8, from, from + length)) {
                return values[i];
            }
        }
        return null;
    }

    private static int hash(byte[] b, int from, int length) {
        long h = length;
        int i = from;
        int end = from + length;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
        }
        for (; i < end; i++) {
            h = (h ^ b[i]) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ (h >>> 32) ^ (h >>> 17));
    }
}
