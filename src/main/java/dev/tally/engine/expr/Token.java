package dev.tally.engine.expr;

/**
 * A lexical token with its position.
 *
 * @param type   what kind of token
 * @param text   the token's text (string literals without quotes and with escapes resolved)
 * @param line   line, from 1
 * @param column column, from 1
 */
record Token(Type type, String text, int line, int column) {

    enum Type { NUMBER, STRING, IDENT, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, END }

    boolean is(Type t, String s) {
        return type == t && text.equals(s);
    }

    boolean isWord(String s) {
        return type == Type.IDENT && text.equals(s);
    }
}
