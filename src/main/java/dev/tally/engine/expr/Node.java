package dev.tally.engine.expr;

import java.util.List;

/** The syntax tree of an expression. */
sealed interface Node {

    /** A constant. */
    record Literal(Object value) implements Node {
    }

    /** A (possibly nested) field of the event: {@code a.b.c}. */
    record Field(String path, Token at) implements Node {
    }

    /** An operator with one or two operands. */
    record Op(String op, Node left, Node right, Token at) implements Node {
    }

    /** {@code x in [a, b]} or {@code x not in [a, b]}. */
    record In(Node value, List<Node> options, boolean negated) implements Node {
    }

    /** A function call. */
    record Call(String name, List<Node> args, Token at) implements Node {
    }
}
