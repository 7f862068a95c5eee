package dev.tally.engine.expr;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/** Turns a syntax tree into a tree of evaluators; all name resolution happens here, once. */
final class Compiler {

    private final ToIntFunction<String> slots;
    private final Map<String, Lookup> tables;

    Compiler(ToIntFunction<String> slots, Map<String, Lookup> tables) {
        this.slots = slots;
        this.tables = tables;
    }

    Evaluator compile(Node n) {
        if (n instanceof Node.Literal l) {
            Object v = l.value();
            return row -> v;
        }
        if (n instanceof Node.Field f) {
            int slot = slots.applyAsInt(f.path());
            return row -> row.get(slot);
        }
        if (n instanceof Node.In in) {
            return in(in);
        }
        if (n instanceof Node.Call c) {
            Evaluator general = Functions.compile(c, c.args().stream().map(this::compile).toList(), tables);
            if (c.name().equals("lookup") && c.args().get(1) instanceof Node.Field f) { // checked by compile above
                Lookup table = tables.get((String) ((Node.Literal) c.args().get(0)).value());
                int slot = slots.applyAsInt(f.path());
                return row -> row.lookup(slot, table);
            }
            return general;
        }
        return op((Node.Op) n);
    }

    private Evaluator in(Node.In in) {
        Evaluator value = compile(in.value());
        boolean negated = in.negated();
        boolean constant = in.options().stream().allMatch(o -> o instanceof Node.Literal);
        if (constant) {
            Set<String> texts = new HashSet<>();
            in.options().forEach(o -> texts.add(Values.text(((Node.Literal) o).value())));
            return row -> {
                Object v = value.eval(row);
                return v != null && texts.contains(Values.text(v)) != negated;
            };
        }
        List<Evaluator> options = in.options().stream().map(this::compile).toList();
        return row -> {
            Object v = value.eval(row);
            boolean found = false;
            for (Evaluator o : options) {
                if (Values.equal(v, o.eval(row))) {
                    found = true;
                    break;
                }
            }
            return v != null && found != negated;
        };
    }

    private Evaluator op(Node.Op o) {
        Evaluator a = compile(o.left());
        Evaluator b = o.right() == null ? null : compile(o.right());
        switch (o.op()) {
            case "or": return row -> a.test(row) || b.test(row);
            case "and": return row -> a.test(row) && b.test(row);
            case "not": return row -> !a.test(row);
            case "==": {
                Evaluator text = textEquals(o, false);
                return text != null ? text : row -> Values.equal(a.eval(row), b.eval(row));
            }
            case "!=": {
                Evaluator text = textEquals(o, true);
                return text != null ? text : row -> !Values.equal(a.eval(row), b.eval(row));
            }
            case "<": return row -> cmp(a, b, row, c -> c < 0);
            case "<=": return row -> cmp(a, b, row, c -> c <= 0);
            case ">": return row -> cmp(a, b, row, c -> c > 0);
            case ">=": return row -> cmp(a, b, row, c -> c >= 0);
            case "neg": return row -> {
                Double x = Values.number(a.eval(row));
                return x == null ? null : -x;
            };
            default: return arithmetic(o.op(), a, b);
        }
    }

    /**
     * {@code field == "text"} (either way round) compared on the row's bytes when the row can; null for any other
     * comparison.
     */
    private Evaluator textEquals(Node.Op o, boolean negated) {
        Node field = o.left() instanceof Node.Field ? o.left() : o.right();
        Node literal = field == o.left() ? o.right() : o.left();
        if (!(field instanceof Node.Field f) || !(literal instanceof Node.Literal l) || !(l.value() instanceof String s)) {
            return null;
        }
        int slot = slots.applyAsInt(f.path());
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return row -> {
            int r = row.textEquals(slot, utf8);
            boolean equal = r >= 0 ? r == 1 : Values.equal(row.get(slot), s);
            return equal != negated;
        };
    }

    private static Boolean cmp(Evaluator a, Evaluator b, Row row, java.util.function.IntPredicate p) {
        Integer c = Values.compare(a.eval(row), b.eval(row));
        return c != null && p.test(c);
    }

    private static Evaluator arithmetic(String op, Evaluator a, Evaluator b) {
        return row -> {
            Object l = a.eval(row);
            Object r = b.eval(row);
            Double x = Values.number(l);
            Double y = Values.number(r);
            if (x == null || y == null) {
                if (op.equals("+") && l instanceof String && r != null) {
                    return l + Values.text(r);
                }
                return null;
            }
            switch (op) {
                case "+": return x + y;
                case "-": return x - y;
                case "*": return x * y;
                case "/": return y == 0 ? null : x / y;
                default: return y == 0 ? null : x % y;
            }
        };
    }
}
