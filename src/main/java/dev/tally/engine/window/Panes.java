package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.ResultValues;
import java.util.List;

/**
 * What every window operator does with a pane: add an element, fire it (evicting before or after when an evictor
 * is set, never emitting an empty window), purge it, merge two panes. Immutable; panes are not thread-safe.
 */
final class Panes {

    private final Aggregates aggregates;
    private final Evictor evictor;
    private final int stride;
    private final boolean purge;
    private final WindowOutput output;

    Panes(Aggregates aggregates, Evictor evictor, int stride, boolean purge, WindowOutput output) {
        this.aggregates = aggregates;
        this.evictor = evictor;
        this.stride = stride;
        this.purge = purge;
        this.output = output;
    }

    Aggregates aggregates() {
        return aggregates;
    }

    Pane create() {
        Pane p = new Pane();
        if (evictor != null) {
            p.buffer = new ElementBuffer(stride);
        } else {
            p.acc = aggregates.create();
        }
        return p;
    }

    void add(Pane p, long ts, long[] inputs, int from) {
        if (p.buffer != null) {
            p.buffer.add(ts, inputs, from);
        } else {
            aggregates.add(p.acc, inputs, from);
        }
        p.held++;
        p.sinceFiring++;
        p.minTs = Math.min(p.minTs, ts);
        p.maxTs = Math.max(p.maxTs, ts);
    }

    /**
     * Emits the pane's result if it holds anything, then purges it if the trigger purges.
     *
     * @param start window start, or {@link Long#MIN_VALUE} to use the elements' span (count/global windows)
     */
    void fire(Pane p, String key, long start, long end, Firing firing) {
        p.sinceFiring = 0;
        if (p.held == 0) {
            return;
        }
        ResultValues values;
        long spanStart = p.minTs;
        long spanEnd = p.maxTs + 1;
        if (p.buffer != null) {
            if (!evictor.after()) {
                evictor.evict(p.buffer);
            }
            values = aggregateBuffer(p.buffer);
            spanStart = Long.MAX_VALUE;
            spanEnd = Long.MIN_VALUE;
            for (int i = 0; i < p.buffer.size(); i++) {
                spanStart = Math.min(spanStart, p.buffer.time(i));
                spanEnd = Math.max(spanEnd, p.buffer.time(i) + 1);
            }
            if (evictor.after()) {
                evictor.evict(p.buffer);
            }
            p.held = p.buffer.size();
        } else {
            values = aggregates.results(p.acc);
        }
        long s = start == Long.MIN_VALUE ? spanStart : start;
        long e = start == Long.MIN_VALUE ? spanEnd : end;
        List<Window> replaces = p.replaced == null ? List.of() : List.copyOf(p.replaced);
        p.replaced = null;
        output.result(new WindowResult(key, s, e, values, firing, p.revision++, replaces));
        if (purge) {
            purge(p);
        }
    }

    private ResultValues aggregateBuffer(ElementBuffer b) {
        var acc = aggregates.create();
        for (int i = 0; i < b.size(); i++) {
            aggregates.add(acc, b.values(), b.offset(i));
        }
        return aggregates.results(acc);
    }

    void purge(Pane p) {
        if (p.buffer != null) {
            p.buffer.clear();
        } else {
            p.acc = aggregates.create();
        }
        p.held = 0;
        p.minTs = Long.MAX_VALUE;
        p.maxTs = Long.MIN_VALUE;
    }

    /** Merges {@code from} into {@code into}. */
    void merge(Pane into, Pane from) {
        if (into.buffer != null) {
            into.buffer.addAll(from.buffer);
        } else {
            aggregates.merge(into.acc, from.acc);
        }
        into.held += from.held;
        into.sinceFiring += from.sinceFiring;
        into.minTs = Math.min(into.minTs, from.minTs);
        into.maxTs = Math.max(into.maxTs, from.maxTs);
    }

    /** Elements buffered in a pane (0 when it holds an accumulator). */
    static long buffered(Pane p) {
        return p.buffer == null ? 0 : p.buffer.size();
    }
}
