package dev.tally.engine.window;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.spec.JobSpec;
import java.io.DataInput;
import java.io.IOException;
import java.util.function.Consumer;

/** Reads the entries of a key group's snapshot data without building an operator. Stateless. */
public final class StateEntries {

    private StateEntries() {
    }

    /**
     * One (key, window) state.
     *
     * @param key      the key
     * @param start    window start; for count and global windows the start of the elements' span
     * @param end      window end; for count and global windows the end of the elements' span
     * @param values   the aggregate values it holds now (what it would emit if it fired)
     * @param revision the revision its next result would carry
     */
    public record Entry(String key, long start, long end, ResultValues values, int revision) {
    }

    /** Calls {@code visitor} for every entry in {@code in}, a key group written by a job with {@code spec}. */
    public static void read(JobSpec spec, Aggregates aggregates, int stride, DataInput in, Consumer<Entry> visitor)
            throws IOException {
        Evictor evictor = spec.evictor() == null ? null : new Evictor(spec.evictor(), 0);
        boolean slidingCount = spec.window().kind() == dev.tally.engine.spec.WindowSpec.Kind.COUNT
                && spec.window().countSlide() > 0 && spec.window().countSlide() < spec.window().count();
        Panes panes = new Panes(aggregates, slidingCount ? Evictor.keepNewest(spec.window().count()) : evictor, stride,
                false, null);
        long size = spec.window().size() == null ? 0 : spec.window().size().toMillis();
        CompactCodec.Entry c = new CompactCodec.Entry(aggregates.width());
        for (int tag = PaneCodec.nextTag(in); tag != PaneCodec.END; tag = PaneCodec.nextTag(in)) {
            long start;
            long end;
            if (tag == CompactCodec.BLOCK) {
                int n = CompactCodec.readHeader(in, c);
                for (int i = 0; i < n; i++) {
                    CompactCodec.readEntry(in, c);
                    visitor.accept(new Entry(c.key(), c.start, c.start + size, aggregates.results(c.values, 0),
                            c.revision));
                }
                continue;
            }
            if (tag == 'T') {
                start = in.readLong();
                in.readBoolean();
                end = start + size;
            } else if (tag == 'S') {
                start = in.readLong();
                end = in.readLong();
            } else if (tag == 'G') {
                start = Long.MIN_VALUE;
                end = Long.MIN_VALUE;
            } else {
                throw new IOException("unknown entry tag " + tag);
            }
            String key = PaneCodec.readKey(in);
            Pane p = PaneCodec.read(in, panes, aggregates);
            ResultValues values = p.buffer == null ? aggregates.results(p.acc) : bufferValues(aggregates, p.buffer);
            if (start == Long.MIN_VALUE) {
                start = p.minTs;
                end = p.maxTs == Long.MIN_VALUE ? Long.MIN_VALUE : p.maxTs + 1;
            }
            visitor.accept(new Entry(key, start, end, values, p.revision));
        }
    }

    /**
     * The entry of a live pane holding elements, or null when it holds none (purged): its values are those of
     * every element it holds, as {@link #read} gives them. For count and global windows pass
     * {@link Long#MIN_VALUE} as {@code start}: the window is the span of its elements.
     */
    static Entry of(Aggregates aggregates, String key, long start, long end, Pane p) {
        if (p.held == 0) {
            return null;
        }
        ResultValues values = p.buffer == null ? aggregates.results(p.acc) : bufferValues(aggregates, p.buffer);
        if (start == Long.MIN_VALUE) {
            return new Entry(key, p.minTs, p.maxTs + 1, values, p.revision);
        }
        return new Entry(key, start, end, values, p.revision);
    }

    /** Visits {@code e} when it is not null and its window starts at {@code windowStart} (null: any). */
    static void visit(Entry e, Long windowStart, java.util.function.Consumer<Entry> visitor) {
        if (e != null && (windowStart == null || e.start() == windowStart)) {
            visitor.accept(e);
        }
    }

    private static ResultValues bufferValues(Aggregates aggregates, ElementBuffer b) {
        var acc = aggregates.create();
        for (int i = 0; i < b.size(); i++) {
            aggregates.add(acc, b.values(), b.offset(i));
        }
        return aggregates.results(acc);
    }
}
