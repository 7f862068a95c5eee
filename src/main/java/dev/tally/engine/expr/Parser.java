package dev.tally.engine.expr;

import dev.tally.engine.expr.Token.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser. Precedence, lowest first: {@code or}, {@code and}, {@code not},
 * comparisons and {@code in}, {@code + -}, {@code * / %}, unary minus.
 */
final class Parser {

    /**
     * The deepest syntax tree (and the deepest nesting while parsing) accepted, whatever the service's own limit:
     * deeper input is refused with an {@link ExpressionException} before recursion over it could exhaust the stack.
     */
    static final int MAX_DEPTH = 256;

    static final Set<String> FUNCTIONS = Set.of("lookup", "lower", "upper", "concat", "length", "substring",
            "coalesce", "trim");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private final Map<Node, Integer> depths = new IdentityHashMap<>();
    private int i;
    private int nesting;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The tree of an expression and its depth (a single value has depth 1). */
    record Parsed(Node root, int depth) {
    }

    static Parsed parse(String text) {
        Parser p = new Parser(Lexer.tokens(text));
        Node n = p.or();
        Token t = p.peek();
        if (t.type() != Type.END) {
            throw error("unexpected '" + t.text() + "'", t);
        }
        return new Parsed(n, p.depth(n));
    }

    private Node or() {
        enter();
        Node left = and();
        while (peek().isWord("or") || peek().is(Type.OP, "||")) {
            Token at = advance();
            left = op("or", left, and(), at);
        }
        nesting--;
        return left;
    }

    /** One level deeper in the parser's recursion; refuses nesting past {@link #MAX_DEPTH}. */
    private void enter() {
        if (++nesting > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep", peek());
        }
    }

    private int depth(Node n) {
        return n == null ? 0 : depths.getOrDefault(n, 1);
    }

    /** A node over its children, its depth recorded; refuses a tree deeper than {@link #MAX_DEPTH}. */
    private Node deeper(Node n, Token at, List<Node> children) {
        int d = 1;
        for (Node c : children) {
            d = Math.max(d, 1 + depth(c));
        }
        if (d > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep", at);
        }
        depths.put(n, d);
        return n;
    }

    private Node op(String op, Node left, Node right, Token at) {
        return deeper(new Node.Op(op, left, right, at), at, right == null ? List.of(left) : List.of(left, right));
    }

    private Node and() {
        Node left = not();
        while (peek().isWord("and") || peek().is(Type.OP, "&&")) {
            Token at = advance();
            left = op("and", left, not(), at);
        }
        return left;
    }

    private Node not() {
        if (peek().isWord("not") || peek().is(Type.OP, "!")) {
            Token at = advance();
            enter();
            Node operand = not();
            nesting--;
            return op("not", operand, null, at);
        }
        return comparison();
    }

    private Node comparison() {
        Node left = additive();
        Token t = peek();
        if (t.type() == Type.OP && COMPARISONS.contains(t.text())) {
            advance();
            return op(t.text(), left, additive(), t);
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
            List<Node> children = new ArrayList<>(options);
            children.add(left);
            return deeper(new Node.In(left, options, negated), t, children);
        }
        return left;
    }

    private Node additive() {
        Node left = multiplicative();
        while (peek().is(Type.OP, "+") || peek().is(Type.OP, "-")) {
            Token at = advance();
            left = op(at.text(), left, multiplicative(), at);
        }
        return left;
    }

    private Node multiplicative() {
        Node left = unary();
        while (peek().is(Type.OP, "*") || peek().is(Type.OP, "/") || peek().is(Type.OP, "%")) {
            Token at = advance();
            left = op(at.text(), left, unary(), at);
        }
        return left;
    }

    private Node unary() {
        if (peek().is(Type.OP, "-")) {
            Token at = advance();
            enter();
            Node operand = unary();
            nesting--;
            return op("neg", operand, null, at);
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
            return deeper(new Node.Call(t.text(), args, t), t, args);
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
