package dev.tally.engine.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens. */
final class Lexer {

    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokens(String src) {
        Lexer l = new Lexer(src);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = l.next();
            out.add(t);
        } while (t.type() != Token.Type.END);
        return out;
    }

    private Token next() {
        skipSpace();
        int col = pos - lineStart + 1;
        if (pos >= src.length()) {
            return new Token(Token.Type.END, "end of expression", line, col);
        }
        char c = src.charAt(pos);
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                pos++;
            }
            return new Token(Token.Type.NUMBER, src.substring(start, pos), line, col);
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Token.Type.IDENT, src.substring(start, pos), line, col);
        }
        if (c == '"' || c == '\'') {
            return string(c, col);
        }
        pos++;
        switch (c) {
            case '(': return new Token(Token.Type.LPAREN, "(", line, col);
            case ')': return new Token(Token.Type.RPAREN, ")", line, col);
            case '[': return new Token(Token.Type.LBRACKET, "[", line, col);
            case ']': return new Token(Token.Type.RBRACKET, "]", line, col);
            case ',': return new Token(Token.Type.COMMA, ",", line, col);
            case '.': return new Token(Token.Type.DOT, ".", line, col);
            case '+': case '-': case '*': case '/': case '%':
                return new Token(Token.Type.OP, String.valueOf(c), line, col);
            case '=': case '!': case '<': case '>': case '&': case '|':
                return operator(c, col);
            default:
                throw new ExpressionException("unexpected character '" + c + "'", line, col);
        }
    }

    private Token operator(char c, int col) {
        char n = pos < src.length() ? src.charAt(pos) : 0;
        if ((c == '&' && n == '&') || (c == '|' && n == '|') || (n == '=' && c != '&' && c != '|')) {
            pos++;
            return new Token(Token.Type.OP, "" + c + n, line, col);
        }
        if (c == '!' || c == '<' || c == '>') {
            return new Token(Token.Type.OP, String.valueOf(c), line, col);
        }
        throw new ExpressionException("unexpected character '" + c + "'" + (c == '=' ? " (did you mean '=='?)" : ""),
                line, col);
    }

    private Token string(char quote, int col) {
        int startLine = line;
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < src.length() && src.charAt(pos) != quote) {
            char c = src.charAt(pos++);
            if (c == '\\' && pos < src.length()) {
                char e = src.charAt(pos++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = pos;
                }
                sb.append(c);
            }
        }
        if (pos >= src.length()) {
            throw new ExpressionException("string is not closed", startLine, col);
        }
        pos++;
        return new Token(Token.Type.STRING, sb.toString(), startLine, col);
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            if (src.charAt(pos) == '\n') {
                line++;
                lineStart = pos + 1;
            }
            pos++;
        }
    }
}
