package dev.tally.engine.io.decode;

/** Validation of multi-byte UTF-8 sequences (RFC 3629: shortest form, no surrogates, at most U+10FFFF). Stateless. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The length in bytes (2 to 4) of the valid multi-byte sequence starting at {@code b[pos]}, which must lie
     * before {@code end}.
     *
     * @throws JsonScanner.Malformed when the sequence is invalid, overlong, a surrogate or cut off by {@code end}
     */
    static int sequenceLength(byte[] b, int pos, int end) {
        int c = b[pos] & 0xFF;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            min = 0x10000;
        } else {
            throw JsonScanner.MALFORMED;
        }
        if (pos + n >= end) {
            throw JsonScanner.MALFORMED;
        }
        int cp = c & (0x3F >> n);
        for (int i = 1; i <= n; i++) {
            int x = b[pos + i] & 0xFF;
            if ((x & 0xC0) != 0x80) {
                throw JsonScanner.MALFORMED;
            }
            cp = (cp << 6) | (x & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw JsonScanner.MALFORMED;
        }
        return n + 1;
    }
}
