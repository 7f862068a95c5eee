package dev.tally.engine.expr;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/** A parsed expression: the fields and tables it reads, and a compiler to an {@link Evaluator}. Immutable. */
public final class Expression {

    private final String text;
    private final Node root;
    private final int depth;

    Expression(String text, Node root, int depth) {
        this.text = text;
        this.root = root;
        this.depth = depth;
    }

    public String text() {
        return text;
    }

    /**
     * The depth of the expression's syntax tree: 1 for a single value or field, 2 for {@code a + 1}, one more for
     * each operator, function call or {@code in} over it (parentheses add none). At most 256, the parser's limit.
     */
    public int depth() {
        return depth;
    }

    /** The field's path when the expression is nothing but a field ({@code v}, {@code a.b}); else null. */
    public String fieldPath() {
        return root instanceof Node.Field f ? f.path() : null;
    }

    /** Field paths the expression reads, in order of first use. */
    public Set<String> fields() {
        Set<String> out = new LinkedHashSet<>();
        collect(root, out, null);
        return out;
    }

    /** Names of the lookup tables the expression reads. */
    public Set<String> lookups() {
        Set<String> out = new LinkedHashSet<>();
        collect(root, null, out);
        return out;
    }

    /**
     * Compiles the expression.
     *
     * @param slots  slot of each field path in the rows it will see
     * @param tables lookup tables by name
     */
    public Evaluator compile(ToIntFunction<String> slots, Map<String, Lookup> tables) {
        return new Compiler(slots, tables).compile(root);
    }

    private static void collect(Node n, Set<String> fields, Set<String> tables) {
        if (n instanceof Node.Field f) {
            if (fields != null) {
                fields.add(f.path());
            }
        } else if (n instanceof Node.Op o) {
            collect(o.left(), fields, tables);
            if (o.right() != null) {
                collect(o.right(), fields, tables);
            }
        } else if (n instanceof Node.In in) {
            collect(in.value(), fields, tables);
            in.options().forEach(x -> collect(x, fields, tables));
        } else if (n instanceof Node.Call c) {
            if (tables != null && c.name().equals("lookup") && !c.args().isEmpty()
                    && c.args().get(0) instanceof Node.Literal l && l.value() instanceof String s) {
                tables.add(s);
            }
            c.args().forEach(x -> collect(x, fields, tables));
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
