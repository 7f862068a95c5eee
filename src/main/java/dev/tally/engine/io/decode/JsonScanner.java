package dev.tally.engine.io.decode;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of a {@link FieldLayout} straight from a JSON object's UTF-8 bytes: a validating scanner that
 * checks the whole record (grammar, string escapes, UTF-8, nesting depth) but materializes only the fields the
 * job uses, and skips everything else without allocating. Not thread-safe: one per reader thread.
 */
final class JsonScanner {

    /** Thrown for malformed input; preallocated, without a stack trace. */
    static final class Malformed extends RuntimeException {
        Malformed() {
            super("malformed JSON", null, false, false);
        }
    }

    static final Malformed MALFORMED = new Malformed();
    private static final int MAX_DEPTH = 512;

    private byte[] b;
    private int pos;
    private int end;
    private int depth;
    /** The value of the integer literal {@link #scanNumber} last read. */
    private long whole;
    private final StringBuilder text = new StringBuilder();
    private final NameGuess guess = new NameGuess();

    /** Decodes {@code bytes}; returns null when it is an object, NOT_AN_OBJECT for other valid JSON. */
    DeadLetterReason scan(byte[] bytes, FieldLayout layout, DecodedRow row) {
        b = bytes;
        pos = 0;
        end = bytes.length;
        depth = 0;
        guess.layout(layout.root);
        skipWs();
        if (pos < end && b[pos] == '{') {
            pos++;
            object(layout.root, row);
        } else {
            skipValue();
            skipWs();
            if (pos != end) {
                throw MALFORMED;
            }
            return DeadLetterReason.NOT_AN_OBJECT;
        }
        skipWs();
        if (pos != end) {
            throw MALFORMED;
        }
        return null;
    }

    private void object(FieldLayout.Level level, DecodedRow row) {
        if (++depth > MAX_DEPTH) {
            throw MALFORMED;
        }
        skipWs();
        if (peek() == '}') {
            pos++;
            depth--;
            return;
        }
        boolean top = depth == 1;
        for (int member = 0; true; member++) {
            skipWs();
            expect('"');
            FieldLayout.Level child;
            int plain = top ? guess.match(member, b, pos, end) : -1;
            if (plain >= 0) { // the name this member had in the last record
                child = guess.level(member);
                pos = plain + 1;
            } else if ((plain = plainRun(pos)) < end && b[plain] == '"') { // plain ASCII: nothing to validate
                child = level == null ? null : level.child(b, pos, plain);
                if (top) {
                    guess.learn(member, b, pos, plain, child);
                }
                pos = plain + 1;
            } else {
                child = level == null ? null : level.child(b, pos, stringEnd());
                skipString();
            }
            skipWs();
            expect(':');
            skipWs();
            if (child != null && !child.children.isEmpty()) {
                child.clear(row);
            }
            if (child == null) {
                skipValue();
            } else if (peek() == '{' && !child.children.isEmpty()) {
                pos++;
                object(child, row);
            } else if (child.slot >= 0) {
                if (!(child.digits && digits(row, child.slot)) && !plainText(row, child.slot)) {
                    byte c = peek();
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number(row, child.slot);
                    } else {
                        row.value(child.slot, scalar());
                    }
                }
            } else {
                skipValue();
            }
            skipWs();
            byte c = next();
            if (c == '}') {
                depth--;
                return;
            }
            if (c != ',') {
                throw MALFORMED;
            }
        }
    }

    /**
     * A string of 1–18 digits without a leading zero (or "0"), read into the row's long slot without making a
     * String; false (nothing consumed) for anything else.
     */
    private boolean digits(DecodedRow row, int slot) {
        if (pos >= end || b[pos] != '"') {
            return false;
        }
        int i = pos + 1;
        long v = 0;
        int n = 0;
        if (i + 8 <= end) { // the first eight at once: event times have thirteen digits
            long eight = PlainBytes.eightDigits(b, i);
            if (eight >= 0) {
                v = eight;
                n = 8;
                i += 8;
            }
        }
        while (i < end && b[i] >= '0' && b[i] <= '9' && n <= 18) {
            v = v * 10 + (b[i++] - '0');
            n++;
        }
        if (n == 0 || n > 18 || i >= end || b[i] != '"' || (n > 1 && b[pos + 1] == '0')) {
            return false;
        }
        pos = i + 1;
        row.digits(slot, v);
        return true;
    }

    /**
     * A string of plain ASCII (no escapes, no control or multi-byte characters) kept as a view of the record's
     * bytes; false (nothing consumed) for anything else.
     */
    private boolean plainText(DecodedRow row, int slot) {
        if (pos >= end || b[pos] != '"') {
            return false;
        }
        int close = plainRun(pos + 1);
        if (close >= end || b[close] != '"') {
            return false;
        }
        row.text(slot, b, pos + 1, close - pos - 1);
        pos = close + 1;
        return true;
    }

    /** End of the raw bytes of the string starting at {@code pos} (just after its opening quote), no escapes. */
    private int stringEnd() {
        for (int i = plainRun(pos); i < end; i = plainRun(i + 1)) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** See {@link PlainBytes#end}. */
    private int plainRun(int i) {
        return PlainBytes.end(b, i, end);
    }

    private Object scalar() {
        byte c = peek();
        switch (c) {
            case '"':
                pos++;
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            case '{':
            case '[':
                skipValue();
                return null;
            default:
                return number();
        }
    }

    private String string() {
        int start = pos;
        boolean ascii = true;
        while (true) {
            pos = plainRun(pos);
            if (pos >= end) {
                throw MALFORMED;
            }
            byte c = b[pos];
            if (c == '"') {
                String s = new String(b, start, pos - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                pos++;
                return s;
            }
            if (c == '\\') {
                pos = start;
                return escapedString();
            }
            if (c < 0) {
                ascii = false;
                utf8();
            } else if (c < 0x20) {
                throw MALFORMED;
            } else {
                pos++;
            }
        }
    }

    private String escapedString() {
        text.setLength(0);
        while (true) {
            if (pos >= end) {
                throw MALFORMED;
            }
            byte c = b[pos];
            if (c == '"') {
                pos++;
                return text.toString();
            }
            if (c == '\\') {
                pos++;
                text.append(escape());
            } else if (c < 0) {
                int start = pos;
                utf8();
                text.append(new String(b, start, pos - start, StandardCharsets.UTF_8));
            } else if (c < 0x20) {
                throw MALFORMED;
            } else {
                text.append((char) c);
                pos++;
            }
        }
    }

    private char escape() {
        byte e = next();
        switch (e) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(next(), 16);
                    if (d < 0) {
                        throw MALFORMED;
                    }
                    v = v * 16 + d;
                }
                return (char) v;
            default:
                throw MALFORMED;
        }
    }

    /** Validates one multi-byte UTF-8 sequence at {@code pos} and moves past it. */
    private void utf8() {
        pos += Utf8.sequenceLength(b, pos, end);
    }

    private void skipString() {
        while (true) {
            pos = plainRun(pos);
            if (pos >= end) {
                throw MALFORMED;
            }
            byte c = b[pos];
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\') {
                pos++;
                escape();
            } else if (c < 0) {
                utf8();
            } else if (c < 0x20) {
                throw MALFORMED;
            } else {
                pos++;
            }
        }
    }

    private void skipValue() {
        byte c = peek();
        switch (c) {
            case '"' -> {
                pos++;
                skipString();
            }
            case '{' -> {
                pos++;
                object(null, null);
            }
            case '[' -> array();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void array() {
        if (++depth > MAX_DEPTH) {
            throw MALFORMED;
        }
        pos++;
        skipWs();
        if (peek() == ']') {
            pos++;
            depth--;
            return;
        }
        while (true) {
            skipWs();
            skipValue();
            skipWs();
            byte c = next();
            if (c == ']') {
                depth--;
                return;
            }
            if (c != ',') {
                throw MALFORMED;
            }
        }
    }

    /** A JSON number, validated, as a Double. */
    private Double number() {
        int start = pos;
        if (scanNumber()) {
            return (double) whole;
        }
        return Double.valueOf(new String(b, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * A JSON number into the row: an integer literal (no fraction, no exponent) within the 64-bit range as an exact
     * long, without allocation; any other number as a Double.
     */
    private void number(DecodedRow row, int slot) {
        int start = pos;
        if (scanNumber()) {
            row.integer(slot, whole);
        } else {
            row.value(slot, Double.valueOf(new String(b, start, pos - start, StandardCharsets.ISO_8859_1)));
        }
    }

    /**
     * Validates the JSON number at {@code pos} and moves past it; true when it is an integer literal within the
     * 64-bit range, which is then in {@link #whole}.
     */
    private boolean scanNumber() {
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        long v = 0; // accumulated negatively, as Long.parseLong does, so that Long.MIN_VALUE fits
        boolean fits = true;
        int digits = 0;
        if (peek() == '0') {
            pos++;
            digits = 1;
        } else {
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                int d = b[pos++] - '0';
                fits &= v > Long.MIN_VALUE / 10 || (v == Long.MIN_VALUE / 10 && d <= 8);
                v = v * 10 - d;
                digits++;
            }
        }
        if (digits == 0) {
            throw MALFORMED;
        }
        boolean integral = true;
        if (pos < end && b[pos] == '.') {
            integral = false;
            pos++;
            requireDigits();
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            requireDigits();
        }
        if (!integral || !fits || (!negative && v == Long.MIN_VALUE)) {
            return false;
        }
        whole = negative ? v : -v;
        return true;
    }

    private void requireDigits() {
        int start = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (pos == start) {
            throw MALFORMED;
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                throw MALFORMED;
            }
        }
    }

    private void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() {
        if (pos >= end) {
            throw MALFORMED;
        }
        return b[pos];
    }

    private byte next() {
        if (pos >= end) {
            throw MALFORMED;
        }
        return b[pos++];
    }

    private void expect(char c) {
        if (next() != c) {
            throw MALFORMED;
        }
    }
}
