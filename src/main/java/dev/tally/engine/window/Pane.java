package dev.tally.engine.window;

import dev.tally.engine.aggregate.Accumulator;
import java.util.ArrayList;
import java.util.List;

/** The state of one key in one window. Not thread-safe. */
final class Pane {

    /** Running aggregate (when elements are not buffered). */
    Accumulator acc;
    /** Elements (when an evictor needs them). */
    ElementBuffer buffer;
    /** Elements held since the last purge. */
    long held;
    /** Elements since the last count-trigger firing. */
    long sinceFiring;
    /** Revision of the next result. */
    int revision;
    /** Time of the next early firing, or {@link Long#MAX_VALUE}. */
    long nextEarly = Long.MAX_VALUE;
    /** Event-time span of the elements held. */
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    /** Windows this pane's next result replaces (session merges). */
    List<Window> replaced;

    void replaced(Window w) {
        if (replaced == null) {
            replaced = new ArrayList<>(2);
        }
        replaced.add(w);
    }
}
