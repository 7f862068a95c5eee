package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;

/**
 * A record that could not be counted, kept with its reason.
 *
 * @param reason    why
 * @param partition source partition, -1 when not applicable
 * @param offset    offset in the partition, -1 when not applicable
 * @param excerpt   the start of the record as text (at most 1,000 characters)
 * @param detail    what went wrong in words (for {@link DeadLetterReason#RECORD_ERROR}: the error's type and
 *                  message, at most 1,000 characters), or null when the reason says it all
 */
public record DeadLetter(DeadLetterReason reason, int partition, long offset, String excerpt, String detail) {

    /** A dead letter whose reason says it all. */
    public DeadLetter(DeadLetterReason reason, int partition, long offset, String excerpt) {
        this(reason, partition, offset, excerpt, null);
    }
}
