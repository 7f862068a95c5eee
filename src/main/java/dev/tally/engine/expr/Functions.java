package dev.tally.engine.expr;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The built-in functions; arity and table names are checked when compiling. */
final class Functions {

    private Functions() {
    }

    static Evaluator compile(Node.Call c, List<Evaluator> args, Map<String, Lookup> tables) {
        switch (c.name()) {
            case "lookup": return lookup(c, args, tables);
            case "lower": arity(c, 1, 1);
                return row -> {
                    String s = Values.text(args.get(0).eval(row));
                    return s == null ? null : s.toLowerCase(Locale.ROOT);
                };
            case "upper": arity(c, 1, 1);
                return row -> {
                    String s = Values.text(args.get(0).eval(row));
                    return s == null ? null : s.toUpperCase(Locale.ROOT);
                };
            case "trim": arity(c, 1, 1);
                return row -> {
                    String s = Values.text(args.get(0).eval(row));
                    return s == null ? null : s.strip();
                };
            case "length": arity(c, 1, 1);
                return row -> {
                    String s = Values.text(args.get(0).eval(row));
                    return s == null ? null : (double) s.length();
                };
            case "concat": arity(c, 1, Integer.MAX_VALUE);
                return row -> {
                    StringBuilder sb = new StringBuilder();
                    for (Evaluator e : args) {
                        String s = Values.text(e.eval(row));
                        sb.append(s == null ? "" : s);
                    }
                    return sb.toString();
                };
            case "coalesce": arity(c, 1, Integer.MAX_VALUE);
                return row -> {
                    for (Evaluator e : args) {
                        Object v = e.eval(row);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                };
            default: arity(c, 2, 3);
                return row -> substring(args, row);
        }
    }

    private static Object substring(List<Evaluator> args, Row row) {
        String s = Values.text(args.get(0).eval(row));
        Double from = Values.number(args.get(1).eval(row));
        Double to = args.size() > 2 ? Values.number(args.get(2).eval(row)) : null;
        if (s == null || from == null || from.isNaN() || to != null && to.isNaN()) {
            return null; // a bound that is not a number (NaN) has no value, as a missing one
        }
        int b = (int) Math.max(0, Math.min(s.length(), from));
        int e = to == null ? s.length() : (int) Math.max(b, Math.min(s.length(), to));
        return s.substring(b, e);
    }

    private static Evaluator lookup(Node.Call c, List<Evaluator> args, Map<String, Lookup> tables) {
        arity(c, 2, 2);
        if (!(c.args().get(0) instanceof Node.Literal l) || !(l.value() instanceof String name)) {
            throw Parser.error("the first argument of lookup must be a table name in quotes", c.at());
        }
        Lookup table = tables.get(name);
        if (table == null) {
            throw Parser.error("unknown lookup table '" + name + "'; declare it under lookups", c.at());
        }
        Evaluator key = args.get(1);
        return row -> {
            String k = Values.text(key.eval(row));
            return k == null ? null : table.get(k);
        };
    }

    private static void arity(Node.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min
                    : min + " to " + max;
            throw Parser.error(c.name() + " takes " + expected + " argument(s), not " + n, c.at());
        }
    }
}
