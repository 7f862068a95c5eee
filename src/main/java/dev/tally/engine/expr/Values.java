package dev.tally.engine.expr;

/** Conversions and comparisons between expression values (String, Double, Boolean, null). */
public final class Values {

    private Values() {
    }

    /** A number for a Double or a numeric string; {@code null} otherwise. */
    static Double number(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof String s && !s.isEmpty()) {
            char c = s.charAt(0);
            if (Character.isDigit(c) || c == '-' || c == '.') {
                try {
                    return Double.valueOf(s);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Double || b instanceof Double) {
            Double x = number(a);
            Double y = number(b);
            return x != null && x.equals(y);
        }
        return a.equals(b);
    }

    /** The value as a number, NaN when it is not one. */
    public static double numberOrNaN(Object v) {
        Double d = number(v);
        return d == null ? Double.NaN : d;
    }

    /** Compares two values of the same kind; {@code null} when they cannot be ordered. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        Double x = number(a);
        Double y = number(b);
        return x == null || y == null ? null : Double.compare(x, y);
    }

    /** Text of a value; whole numbers without a fraction. */
    public static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }
}
