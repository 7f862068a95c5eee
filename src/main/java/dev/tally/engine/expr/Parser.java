package dev.tally.engine.expr;

import dev.tally.engine.expr.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser. Precedence, lowest first: {@code or}, {@code and}, {@code not},
 * comparisons and {@code in}, {@code + -}, {@code * / %}, unary minus.
 */
final class Parser {

    static final Set<String> FUNCTIONS = Set.of("lookup", "lower", "upper", "concat", "length", "substring",
            "coalesce", "trim");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private int i;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Node parse(String text) {
        Parser p = new Parser(Lexer.tokens(text));
        Node n = p.or();
        Token t = p.peek();
        if (t.type() != Type.END) {
            throw error("unexpected '" + t.text() + "'", t);
        }
        return n;
    }

    private Node or() {
        Node left = and();
        while (peek().isWord("or") || peek().is(Type.OP, "||")) {
            Token at = advance();
            left = new Node.Op("or", left, and(), at);
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (peek().isWord("and") || peek().is(Type.OP, "&&")) {
            Token at = advance();
            left = new Node.Op("and", left, not(), at);
        }
        return left;
    }

    private Node not() {
        if (peek().isWord("not") || peek().is(Type.OP, "!")) {
            Token at = advance();
            return new Node.Op("not", not(), null, at);
        }
        return comparison();
    }

    private Node comparison() {
        Node left = additive();
        Token t = peek();
        if (t.type() == Type.OP && COMPARISONS.contains(t.text())) {
            advance();
            return new Node.Op(t.text(), left, additive(), t);
        }
        boolean negated = false;
        if (t.isWord("not") && tokens.get(i + 1).isWord("in")) {
            advance();
            negated = true;
        }
        if (peek().isWord("in")) {
            advance();
            expect(Type.LBRACKET, "'[' after 'in'");
            List<Node> options = new ArrayList<>();
            if (peek().type() != Type.RBRACKET) {
                do {
                    options.add(or());
                } while (accept(Type.COMMA));
            }
            expect(Type.RBRACKET, "']' to close the list");
            return new Node.In(left, options, negated);
        }
        return left;
    }

    private Node additive() {
        Node left = multiplicative();
        while (peek().is(Type.OP, "+") || peek().is(Type.OP, "-")) {
            Token at = advance();
            left = new Node.Op(at.text(), left, multiplicative(), at);
        }
        return left;
    }

    private Node multiplicative() {
        Node left = unary();
        while (peek().is(Type.OP, "*") || peek().is(Type.OP, "/") || peek().is(Type.OP, "%")) {
            Token at = advance();
            left = new Node.Op(at.text(), left, unary(), at);
        }
        return left;
    }

    private Node unary() {
        if (peek().is(Type.OP, "-")) {
            Token at = advance();
            return new Node.Op("neg", unary(), null, at);
        }
        return primary();
    }

    private Node primary() {
        Token t = advance();
        switch (t.type()) {
            case NUMBER:
                try {
                    return new Node.Literal(Double.parseDouble(t.text()));
                } catch (NumberFormatException e) {
                    throw error("not a number: " + t.text(), t);
                }
            case STRING:
                return new Node.Literal(t.text());
            case LPAREN:
                Node inner = or();
                expect(Type.RPAREN, "')'");
                return inner;
            case IDENT:
                return identifier(t);
            default:
                throw error("expected a value but found '" + t.text() + "'", t);
        }
    }

    private Node identifier(Token t) {
        switch (t.text()) {
            case "true": return new Node.Literal(Boolean.TRUE);
            case "false": return new Node.Literal(Boolean.FALSE);
            case "null": return new Node.Literal(null);
            default: break;
        }
        if (accept(Type.LPAREN)) {
            if (!FUNCTIONS.contains(t.text())) {
                throw error("unknown function '" + t.text() + "'; known: " + new java.util.TreeSet<>(FUNCTIONS), t);
            }
            List<Node> args = new ArrayList<>();
            if (peek().type() != Type.RPAREN) {
                do {
                    args.add(or());
                } while (accept(Type.COMMA));
            }
            expect(Type.RPAREN, "')' to close the call of " + t.text());
            return new Node.Call(t.text(), args, t);
        }
        StringBuilder path = new StringBuilder(t.text());
        while (accept(Type.DOT)) {
            Token part = advance();
            if (part.type() != Type.IDENT) {
                throw error("expected a field name after '.'", part);
            }
            path.append('.').append(part.text());
        }
        return new Node.Field(path.toString(), t);
    }

    private Token peek() {
        return tokens.get(i);
    }

    private Token advance() {
        Token t = tokens.get(i);
        if (t.type() != Type.END) {
            i++;
        }
        return t;
    }

    private boolean accept(Type type) {
        if (peek().type() == type) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(Type type, String what) {
        if (!accept(type)) {
            throw error("expected " + what + " but found '" + peek().text() + "'", peek());
        }
    }

    static ExpressionException error(String message, Token at) {
        return new ExpressionException(message, at.line(), at.column());
    }
}
