package dev.tally.engine.spec;

import java.time.Duration;

/**
 * Replaces a window's default trigger.
 *
 * @param early          also fire cumulative EARLY results whenever the watermark passes a multiple of this
 *                       duration (aligned to the epoch), then ON_TIME at the window's end; {@code null} = none
 * @param count          fire every this many elements, instead of at the window's end; 0 = not by count
 * @param purge          discard the window's contents after each firing
 * @param processingTime fire when the processing-time clock reaches the window's end, instead of the watermark
 */
public record TriggerSpec(Duration early, long count, boolean purge, boolean processingTime) {
}
