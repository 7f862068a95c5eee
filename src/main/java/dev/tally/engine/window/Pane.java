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
    /**
     * The early-firing timer chain (as Flink's ContinuousEventTimeTrigger): the time of its next firing, or
     * {@link #CHAIN_NOT_STARTED} before the pane's first element started it, or {@link #CHAIN_DONE} once it has
     * reached the window's end (a later element never restarts it). Kept in snapshots.
     */
    long nextEarly = CHAIN_NOT_STARTED;

    /** {@link #nextEarly}: no element has started the chain yet. */
    static final long CHAIN_NOT_STARTED = Long.MAX_VALUE;
    /** {@link #nextEarly}: the chain has run out (its next multiple is at or past the window's last ms). */
    static final long CHAIN_DONE = Long.MIN_VALUE;

    /** Whether {@link #nextEarly} is the time of a pending early timer. */
    boolean earlyPending() {
        return nextEarly != CHAIN_NOT_STARTED && nextEarly != CHAIN_DONE;
    }
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
