package dev.tally.engine.io.source;

import java.util.Map;

/**
 * A reader of a source whose positions are {@link PartitionPositions}: everything but {@link #poll} is done here.
 * Not thread-safe.
 */
public abstract class PositionedReader implements SourceReader {

    protected final PartitionPositions positions;

    protected PositionedReader(PartitionPositions positions) {
        this.positions = positions;
    }

    @Override
    public int open() {
        return positions.count();
    }

    @Override
    public int partitionId(int local) {
        return positions.id(local);
    }

    @Override
    public long position(int local) {
        return positions.next(local);
    }

    @Override
    public void seek(Map<Integer, Long> seekTo) {
        positions.seek(seekTo);
    }

    @Override
    public void wakeup() {
    }

    @Override
    public void close() {
    }
}
