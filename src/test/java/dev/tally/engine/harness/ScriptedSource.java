package dev.tally.engine.harness;

import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.source.SourceContext;
import dev.tally.engine.io.source.SourceReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A source driven by a test: steps (records, explicit watermarks, clock ticks, barriers, end of input) are
 * queued per reader and executed by that reader's thread in order. Partition {@code p} belongs to reader
 * {@code p mod readers}. Thread-safe for the test thread that queues steps.
 */
final class ScriptedSource implements Source {

    /** One scripted step. */
    record Step(Kind kind, int partition, String json, long value) {
        enum Kind { RECORD, WATERMARK, TICK, SYNC, END }
    }

    private final int partitions;
    private final int readers;
    private final BlockingQueue<Step>[] queues;
    private volatile Runnable atEnd;

    @SuppressWarnings("unchecked")
    ScriptedSource(int partitions, int readers) {
        this.partitions = partitions;
        this.readers = readers;
        this.queues = new BlockingQueue[readers];
        for (int i = 0; i < readers; i++) {
            queues[i] = new LinkedBlockingQueue<>();
        }
    }

    /**
     * Runs {@code action} once, on a reader's thread, the first time the engine asks that reader for its positions
     * after it read its END step: the moment a reader reaches the end of its input, just before it says so.
     */
    void atEndOfInput(Runnable action) {
        atEnd = action;
    }

    int readers() {
        return readers;
    }

    /** Queues a step for the reader owning {@code partition}. */
    void toPartition(Step step) {
        queues[step.partition() % readers].add(step);
    }

    /** Queues a step for every reader. */
    void toAll(Step step) {
        for (BlockingQueue<Step> q : queues) {
            q.add(step);
        }
    }

    @Override
    public SourceReader reader(int index, int count) {
        return new Reader(index);
    }

    private final class Reader implements SourceReader {

        private final int index;
        private long offset;
        private boolean ended;

        Reader(int index) {
            this.index = index;
        }

        @Override
        public int open() {
            int n = 0;
            for (int p = index; p < partitions; p += readers) {
                n++;
            }
            return n;
        }

        @Override
        public boolean poll(SourceContext context, long timeoutMillis) throws InterruptedException {
            Step step = queues[index].poll(timeoutMillis, TimeUnit.MILLISECONDS);
            while (step != null) {
                switch (step.kind()) {
                    case RECORD -> context.record(step.partition() / readers,
                            step.json().getBytes(StandardCharsets.UTF_8), offset++);
                    case WATERMARK -> {
                        for (int p = index; p < partitions; p += readers) {
                            if (step.partition() < 0 || step.partition() == p) {
                                context.watermark(p / readers, step.value());
                            }
                        }
                    }
                    case TICK -> context.tick();
                    case SYNC -> context.sync(step.value());
                    case END -> {
                        ended = true;
                        return false;
                    }
                }
                step = queues[index].poll();
            }
            return true;
        }

        @Override
        public long position(int local) {
            Runnable action = atEnd;
            if (ended && action != null) {
                atEnd = null;
                action.run();
            }
            return offset;
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
        }
    }
}
