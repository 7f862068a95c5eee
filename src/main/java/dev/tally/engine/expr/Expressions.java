package dev.tally.engine.expr;

/**
 * Entry point of the expression language used for filters, keys and aggregate inputs. It has literals
 * (numbers, strings, true/false/null), nested field paths ({@code user.country}), comparisons, {@code and/or/not},
 * {@code in [..]}, arithmetic and a few functions ({@code lookup lower upper concat length substring coalesce trim}).
 * There is no way to call code: the parser knows every construct it accepts.
 */
public final class Expressions {

    private Expressions() {
    }

    /**
     * Parses an expression; throws {@link ExpressionException} naming line and column, also when it is nested more
     * than 256 levels deep (a hard limit that keeps recursion over the tree within the stack; a service sets its
     * own lower one with {@link Expression#depth()}).
     */
    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ExpressionException("expression is empty", 1, 1);
        }
        Parser.Parsed parsed = Parser.parse(text);
        return new Expression(text, parsed.root(), parsed.depth());
    }
}
