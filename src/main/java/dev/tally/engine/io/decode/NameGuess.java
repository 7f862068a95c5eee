package dev.tally.engine.io.decode;

/**
 * The member names of the last top-level object, in order, with the layout's level for each. Records of one
 * source nearly always repeat them, so a name is usually recognized by comparing its bytes with the guess instead
 * of scanning it and looking it up. A guess is a plain name seen before, so equal bytes need no validation. Not
 * thread-safe: one per scanner.
 */
final class NameGuess {

    private static final int MEMBERS = 64;

    private final byte[][] names = new byte[MEMBERS][];
    private final FieldLayout.Level[] levels = new FieldLayout.Level[MEMBERS];
    private FieldLayout.Level root;

    /** Forgets the guesses if they were made for another layout. */
    void layout(FieldLayout.Level root) {
        if (this.root != root) {
            this.root = root;
            java.util.Arrays.fill(names, null);
        }
    }

    /**
     * The index of the closing quote of member {@code i}'s name if {@code b} holds the guessed name followed by a
     * quote from {@code from} on, else -1.
     */
    int match(int i, byte[] b, int from, int end) {
        if (i >= MEMBERS || names[i] == null) {
            return -1;
        }
        byte[] n = names[i];
        int len = n.length;
        int close = from + len;
        if (close >= end || b[close] != '"' || !PlainBytes.same(n, b, from)) {
            return -1;
        }
        return close;
    }

    /** The layout's level for member {@code i} (after a match): null when the job does not read it. */
    FieldLayout.Level level(int i) {
        return levels[i];
    }

    /** Remembers member {@code i}: a plain name at {@code b[from, to)} and its level. */
    void learn(int i, byte[] b, int from, int to, FieldLayout.Level level) {
        if (i >= MEMBERS) {
            return;
        }
        int len = to - from;
        if (names[i] == null || names[i].length != len) {
            names[i] = new byte[len];
        }
        System.arraycopy(b, from, names[i], 0, len);
        levels[i] = level;
    }
}
