package dev.tally.engine.runtime;

import dev.tally.engine.io.source.Source;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.window.WindowResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to run a job beyond its spec.
 *
 * @param source            a source to use instead of the spec's (tests, replays); null = the spec's
 * @param listeners         also receive every result (thread-safe consumers: several subtasks call them)
 * @param untilEnd          a Kafka source stops at the end offsets it finds at start
 * @param emission          overrides the spec's watermark emission; null = the spec's, or its default
 * @param elementWatermarks derive watermarks from element timestamps (false: only from the source's explicit
 *                          watermarks, as in the conformance harness)
 */
public record JobOptions(Source source, List<Consumer<WindowResult>> listeners, boolean untilEnd,
        TimeSpec.Emission emission, boolean elementWatermarks) {

    public static JobOptions defaults() {
        return new JobOptions(null, List.of(), false, null, true);
    }

    public JobOptions withListener(Consumer<WindowResult> listener) {
        return new JobOptions(source, List.of(listener), untilEnd, emission, elementWatermarks);
    }

    public JobOptions withUntilEnd() {
        return new JobOptions(source, listeners, true, emission, elementWatermarks);
    }

    public JobOptions withSource(Source s, boolean fromElements) {
        return new JobOptions(s, listeners, untilEnd, emission, fromElements);
    }
}
