package dev.tally.engine.spec;

import java.time.Duration;

/**
 * Replaces a window's default trigger.
 *
 * @param early  fire cumulative early results every this much event time; {@code null} = none
 * @param count  fire every this many elements; 0 = not by count
 * @param purge  discard the window's contents after each firing
 */
public record TriggerSpec(Duration early, long count, boolean purge) {
}
