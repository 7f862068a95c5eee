package dev.tally.engine.expr;

/** An expression that cannot be parsed or compiled; the message names line and column (both from 1). */
public final class ExpressionException extends RuntimeException {

    private final int line;
    private final int column;

    public ExpressionException(String message, int line, int column) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
