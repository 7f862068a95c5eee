package dev.tally.engine.io.source;

import java.util.Map;

/**
 * The partitions a reader owns ({@code p mod readers == index}) and the next position in each, for sources whose
 * position in partition {@code p} starts at {@code p} and steps by the number of partitions (event {@code k}
 * belongs to partition {@code k mod partitions}). Not thread-safe: one reader's.
 */
public final class PartitionPositions {

    private final int[] ids;
    private final long[] next;

    public PartitionPositions(int index, int readers, int partitions) {
        int n = 0;
        for (int p = index; p < partitions; p += readers) {
            n++;
        }
        ids = new int[n];
        next = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = index + i * readers;
            next[i] = ids[i];
        }
    }

    public int count() {
        return ids.length;
    }

    /** Source-wide id of a local partition. */
    public int id(int local) {
        return ids[local];
    }

    /** Next position (event sequence) of a local partition. */
    public long next(int local) {
        return next[local];
    }

    public void advance(int local, long step) {
        next[local] += step;
    }

    /** Continues from these positions (source-wide partition id → position). */
    public void seek(Map<Integer, Long> positions) {
        for (int i = 0; i < ids.length; i++) {
            Long p = positions.get(ids[i]);
            if (p != null) {
                next[i] = p;
            }
        }
    }
}
