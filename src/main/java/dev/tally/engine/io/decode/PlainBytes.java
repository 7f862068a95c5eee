package dev.tally.engine.io.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a run of plain JSON string bytes ends, eight bytes at a time (SWAR): each test flags the high bit of
 * a matching byte, and the lowest flag is always a true match. Stateless.
 */
final class PlainBytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private PlainBytes() {
    }

    /**
     * The first index of {@code b} from {@code i} on (or {@code end}) holding a quote, a backslash, a control
     * character or a byte of a multi-byte UTF-8 sequence: what string scanning must look at.
     */
    static int end(byte[] b, int i, int end) {
        while (i + 16 <= end) { // two words a step: one branch for sixteen plain bytes
            long first = hits((long) LONGS.get(b, i));
            long second = hits((long) LONGS.get(b, i + 8));
            if ((first | second) != 0) {
                return first != 0 ? i + (Long.numberOfTrailingZeros(first) >>> 3)
                        : i + 8 + (Long.numberOfTrailingZeros(second) >>> 3);
            }
            i += 16;
        }
        if (i + 8 <= end) {
            long hits = hits((long) LONGS.get(b, i));
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            i += 8;
        }
        while (i < end) {
            byte c = b[i];
            if (c == '"' || c == '\\' || c < 0x20) { // negative bytes (>= 0x80) too
                return i;
            }
            i++;
        }
        return end;
    }

    /**
     * The value of the eight ASCII digits at {@code b[i..i+8)}, or -1 if any of them is not a digit: SWAR, three
     * multiplications instead of eight dependent steps.
     */
    static long eightDigits(byte[] b, int i) {
        long x = (long) LONGS.get(b, i); // little-endian: the first digit is the lowest byte
        long low = x & 0xF0F0F0F0F0F0F0F0L;
        long high = ((x + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4;
        if ((low | high) != 0x3333333333333333L) {
            return -1;
        }
        x -= 0x3030303030303030L;
        x = x * 10 + (x >>> 8); // pairs: each even byte now holds two digits' value
        return (((x & 0x000000FF000000FFL) * 0x000F424000000064L) // 100 + (1000000 << 32)
                + (((x >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32; // 1 + (10000 << 32)
    }

    /**
     * Whether {@code b} holds the bytes of {@code n} from {@code from} on, compared in (overlapping) words: field
     * names are short, and this beats a range compare's call. {@code b} has {@code n.length} bytes from {@code from}.
     */
    static boolean same(byte[] n, byte[] b, int from) {
        int len = n.length;
        if (len >= 8) {
            for (int k = 0; k < len - 8; k += 8) {
                if ((long) LONGS.get(n, k) != (long) LONGS.get(b, from + k)) {
                    return false;
                }
            }
            return (long) LONGS.get(n, len - 8) == (long) LONGS.get(b, from + len - 8);
        }
        if (len >= 4) {
            return (int) INTS.get(n, 0) == (int) INTS.get(b, from)
                    && (int) INTS.get(n, len - 4) == (int) INTS.get(b, from + len - 4);
        }
        for (int k = 0; k < len; k++) {
            if (n[k] != b[from + k]) {
                return false;
            }
        }
        return true;
    }

    /** The high bit of each byte of {@code x} that is a quote, a backslash, below 0x20 or above 0x7F. */
    private static long hits(long x) {
        long quote = x ^ (ONES * '"');
        long backslash = x ^ (ONES * '\\');
        return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - ONES * 0x20) & ~x) | x) & HIGHS;
    }
}
