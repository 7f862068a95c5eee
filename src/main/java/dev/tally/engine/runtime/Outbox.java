package dev.tally.engine.runtime;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A reader's batches to every subtask: elements go to the subtask owning their key group, control messages to
 * all. Full batches are handed over at once, the rest at {@link #flush()}; a full inbox blocks the reader
 * (back-pressure). Processed batches come back through {@link #recycle(Batch)}. Owned by one reader thread,
 * except {@link #recycle(Batch)} which any subtask calls.
 */
final class Outbox {

    private static final int CAPACITY = 512;

    private final int reader;
    private final int stride;
    private final BlockingQueue<Batch>[] inboxes;
    private final Batch[] current;
    private final ConcurrentLinkedQueue<Batch> free = new ConcurrentLinkedQueue<>();
    private final BooleanSupplier stopping;
    private final JobMetrics metrics;

    /** @param metrics where the time blocked on a full inbox is added (back-pressure) */
    Outbox(int reader, int stride, BlockingQueue<Batch>[] inboxes, BooleanSupplier stopping, JobMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
        this.stride = stride;
        this.inboxes = inboxes;
        this.current = new Batch[inboxes.length];
        this.stopping = stopping;
        for (int i = 0; i < current.length; i++) {
            current[i] = newBatch();
        }
    }

    /** Appends an element for subtask {@code s}, copying its {@code stride} inputs from {@code inputs}. */
    void element(int s, String key, long ts, long[] inputs, byte[] raw) throws InterruptedException {
        Batch b = current[s];
        int i = b.element(key, ts, raw);
        System.arraycopy(inputs, 0, b.values, i * stride, stride);
        if (b.full()) {
            handOver(s);
        }
    }

    /**
     * Appends a partial of {@code count} elements for subtask {@code s}: {@code stride - 1} values from
     * {@code values[from]}, then the count.
     */
    void partial(int s, String key, long ts, long[] values, int from, long count) throws InterruptedException {
        Batch b = current[s];
        int i = b.partial(key, ts, count);
        System.arraycopy(values, from, b.values, i * stride, stride - 1);
        if (b.full()) {
            handOver(s);
        }
    }

    /** Sends a control message to every subtask. */
    void broadcast(byte kind, long value) throws InterruptedException {
        for (int s = 0; s < current.length; s++) {
            current[s].control(kind, value);
            if (current[s].full()) {
                handOver(s);
            }
        }
    }

    /** Hands over every non-empty batch. */
    void flush() throws InterruptedException {
        for (int s = 0; s < current.length; s++) {
            if (current[s].size > 0) {
                handOver(s);
            }
        }
    }

    private void handOver(int s) throws InterruptedException {
        Batch b = current[s];
        if (!inboxes[s].offer(b)) { // full: time the wait (nothing is measured on the fast path)
            long blockedSince = System.nanoTime();
            try {
                while (!inboxes[s].offer(b, 50, TimeUnit.MILLISECONDS)) {
                    if (stopping.getAsBoolean()) {
                        throw new InterruptedException("job stopping");
                    }
                }
            } finally {
                metrics.backPressured(reader, System.nanoTime() - blockedSince);
            }
        }
        Batch next = free.poll();
        current[s] = next != null ? next : newBatch();
    }

    void recycle(Batch b) {
        b.clear();
        free.offer(b);
    }

    private Batch newBatch() {
        return new Batch(reader, CAPACITY, stride);
    }
}
