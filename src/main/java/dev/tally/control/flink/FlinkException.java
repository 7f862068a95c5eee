package dev.tally.control.flink;

/**
 * A call to Flink's REST API that failed: Flink refused it (its HTTP status and error text are in the message),
 * did not answer, or an operation it ran (a savepoint) failed or timed out.
 */
public class FlinkException extends RuntimeException {

    private final int status;

    /** A failure without an HTTP status from Flink (no answer, a failed or late operation). */
    public FlinkException(String message) {
        this(0, message);
    }

    /** A failure without an HTTP status, with its cause. */
    public FlinkException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** Flink answered with HTTP {@code status}. */
    public FlinkException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Flink's HTTP status, or 0 when Flink did not answer with an error status. */
    public int status() {
        return status;
    }
}
