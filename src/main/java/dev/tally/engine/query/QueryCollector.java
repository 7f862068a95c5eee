package dev.tally.engine.query;

import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.window.StateEntries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Gathers the entries that answer a {@link StateQuery} from visited state, keeping memory bounded by the query's
 * limit; collectors of several subtasks merge. Not thread-safe: one per visiting thread; merged by one thread.
 */
public final class QueryCollector implements Consumer<StateEntries.Entry> {

    /** By key, then window start, then window end. */
    static final Comparator<StateEntries.Entry> BY_KEY = Comparator.comparing(StateEntries.Entry::key)
            .thenComparingLong(StateEntries.Entry::start).thenComparingLong(StateEntries.Entry::end);
    /** Largest first aggregate first; absent values last; then key, then window start. */
    static final Comparator<StateEntries.Entry> RANK = (a, b) -> {
        int c = compareFirst(b.values(), a.values());
        return c != 0 ? c : BY_KEY.compare(a, b);
    };

    private final StateQuery query;
    /** The kept entries, the worst on top (so it is the one dropped when the heap is over the limit). */
    private final PriorityQueue<StateEntries.Entry> kept;
    private long matched;

    public QueryCollector(StateQuery query) {
        this.query = query;
        Comparator<StateEntries.Entry> order = order(query);
        this.kept = new PriorityQueue<>(Math.min(query.limit(), 64) + 1, order.reversed());
    }

    private static Comparator<StateEntries.Entry> order(StateQuery q) {
        return q.kind() == StateQuery.Kind.TOP ? RANK : BY_KEY;
    }

    /** Whether an entry answers the query (its key and window). */
    public boolean matches(StateEntries.Entry e) {
        if (query.windowStart() != null && e.start() != query.windowStart()) {
            return false;
        }
        return switch (query.kind()) {
            case VALUE, WINDOWS -> e.key().equals(query.key());
            case PREFIX -> e.key().startsWith(query.key());
            case TOP -> true;
        };
    }

    @Override
    public void accept(StateEntries.Entry e) {
        if (matches(e)) {
            keep(e);
        }
    }

    private void keep(StateEntries.Entry e) {
        matched++;
        kept.add(e);
        if (kept.size() > query.limit()) {
            kept.poll();
        }
    }

    /** Adds what another collector of the same query kept (and how many it matched). */
    public void merge(QueryCollector other) {
        matched += other.matched - other.kept.size();
        for (StateEntries.Entry e : other.kept) {
            keep(e);
        }
    }

    /** The answer: the kept entries in the query's order, stamped with the progress they reflect. */
    public StateAnswer answer(long watermark, long checkpointId, String snapshotId, int subtasks) {
        List<StateEntries.Entry> out = new ArrayList<>(kept);
        out.sort(order(query));
        return new StateAnswer(out, matched > out.size(), watermark, checkpointId, snapshotId, subtasks);
    }

    /** Compares the first values: absent lowest, integers exactly, otherwise as doubles. */
    static int compareFirst(ResultValues a, ResultValues b) {
        boolean pa = a.size() > 0 && a.isPresent(0);
        boolean pb = b.size() > 0 && b.isPresent(0);
        if (!pa || !pb) {
            return Boolean.compare(pa, pb);
        }
        Number x = a.number(0);
        Number y = b.number(0);
        if (x instanceof Long lx && y instanceof Long ly) {
            return Long.compare(lx, ly);
        }
        if (x instanceof java.math.BigInteger || y instanceof java.math.BigInteger) {
            if (!(x instanceof Double) && !(y instanceof Double)) {
                return big(x).compareTo(big(y));
            }
        }
        return Double.compare(x.doubleValue(), y.doubleValue());
    }

    private static java.math.BigInteger big(Number n) {
        return n instanceof java.math.BigInteger b ? b : java.math.BigInteger.valueOf(n.longValue());
    }
}
