package dev.tally.engine.conformance;

import dev.tally.engine.harness.Harness;
import dev.tally.engine.window.WindowResult;
import java.util.List;

/** The talk streams of semantics.md and small formatting helpers shared by the conformance tests. */
final class TalkStream {

    /** Values of the talk stream, at t = 0, 250, ..., 2750. */
    static final double[] VALUES = {5, 2, 6, 3, 7, 5, 3, 8, 2, 1, 9, 4};
    /** Keys of the keyed talk stream (same values and times). */
    static final String[] KEYS = {"A", "B", "A", "C", "C", "A", "B", "C", "B", "A", "C", "B"};
    /** Every element one step apart: 250 ms. */
    static final long SPACING = 250;

    private TalkStream() {
    }

    static long time(int i) {
        return i * SPACING;
    }

    /** Adds the (unkeyed) talk stream. */
    static Harness feed(Harness h) {
        return feed(h, VALUES);
    }

    /** Adds unkeyed values at t = 0, 250, 500, ... */
    static Harness feed(Harness h, double[] values) {
        for (int i = 0; i < values.length; i++) {
            h.add(values[i], time(i));
        }
        return h;
    }

    /** Adds the keyed talk stream on partition 0. */
    static Harness feedKeyed(Harness h) {
        for (int i = 0; i < VALUES.length; i++) {
            h.add(KEYS[i], VALUES[i], time(i));
        }
        return h;
    }

    /** {@code key[start,end)=v FIRING#revision}, plus replaced windows if any. */
    static String describe(WindowResult r) {
        return r.key() + "[" + r.start() + "," + r.end() + ")=" + number(r.values().doubleValue(0)) + " " + r.firing()
                + "#" + r.revision() + (r.replaces().isEmpty() ? "" : " replaces " + r.replaces());
    }

    static List<String> describe(List<WindowResult> results) {
        return results.stream().map(TalkStream::describe).toList();
    }

    /** {@code key=v} per result, in the given order. */
    static List<String> keyValues(List<WindowResult> results) {
        return results.stream().map(r -> r.key() + "=" + number(r.values().doubleValue(0))).toList();
    }

    static List<Double> values(List<WindowResult> results) {
        return results.stream().map(r -> r.values().doubleValue(0)).toList();
    }

    static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
