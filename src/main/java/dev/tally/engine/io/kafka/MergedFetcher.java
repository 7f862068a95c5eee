package dev.tally.engine.io.kafka;

import dev.tally.engine.io.source.RecordPreparer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The fetching half of a {@link MergedKafkaSource} reader, on its own thread: polls the consumer (which it owns
 * from {@link #start()} on), keeps only offsets inside the range, prepares the records (decode, time, filter, key)
 * in parallel chunks on {@code workers} threads with their order kept, and hands them over in batches through a
 * small bounded queue, so that fetching and decoding overlap with the reader's merge. Which records it fetches
 * when never affects the merge's order (the reader decides only when every partition has a head). Partitions the
 * reader reports full are paused. A failure is kept and thrown by {@link #take}. Thread-safe as used: one reader
 * thread calls everything but {@link #run()}.
 */
final class MergedFetcher implements Runnable {

    /** A fetched record, prepared, with its time (the merge's order key). */
    record Entry(ConsumerRecord<byte[], byte[]> record, Object prepared, long time) {
    }

    /**
     * Records of one poll, in the consumer's order per partition.
     *
     * @param fetchedAll per partition: every record of its range has been fetched (this batch included)
     */
    record Batch(List<Entry> entries, boolean[] fetchedAll) {
    }

    private static final long POLL_MILLIS = 100;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final long[] end;
    private final RecordPreparer preparer;
    private final RecordPreparer.Worker[] preparers;
    private final String name;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
    private final boolean[] done;
    private volatile boolean[] full;
    private volatile boolean halted;
    private volatile Throwable failure;
    private ExecutorService pool;
    private Thread thread;

    /**
     * @param partitions the topic's partitions by id, in order
     * @param end        offset after the last of each partition's range
     * @param fetchedAll partitions already complete (an empty range)
     */
    MergedFetcher(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long[] end,
            boolean[] fetchedAll, RecordPreparer preparer, int workers, String name) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.end = end;
        this.done = fetchedAll.clone();
        this.full = new boolean[partitions.size()];
        this.preparer = preparer;
        this.preparers = new RecordPreparer.Worker[workers];
        this.name = name;
    }

    void start() {
        thread = new Thread(this, name + "-fetch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next batch, waiting at most {@code timeoutMillis}; null when none came. */
    Batch take(long timeoutMillis) throws InterruptedException {
        Batch b = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        check();
        return b;
    }

    /** The next batch if one is ready, else null. */
    Batch takeNow() {
        Batch b = queue.poll();
        check();
        return b;
    }

    private void check() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("fetching topic " + partitions.get(0).topic() + " failed: " + f.getMessage(), f);
        }
    }

    /** Which partitions hold enough unmerged records: they are paused until they drain. */
    void full(boolean[] partitionsFull) {
        full = partitionsFull;
    }

    /** Stops fetching soon (any thread). */
    void halt() {
        halted = true;
        consumer.wakeup();
    }

    /** Stops fetching and waits for the thread, at most 5 s; the consumer is the caller's again. */
    void stop() throws InterruptedException {
        halt();
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
        synchronized (this) {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    @Override
    public void run() {
        try {
            while (!halted && !allDone()) {
                pauseAndResume();
                ConsumerRecords<byte[], byte[]> records;
                boolean[] fetchedAll;
                try {
                    records = consumer.poll(Duration.ofMillis(POLL_MILLIS));
                    fetchedAll = complete();
                } catch (WakeupException e) {
                    continue; // halt() woke the poll: the loop's condition now ends the fetching
                }
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.offset() < end[r.partition()]) {
                        batch.add(r);
                    }
                }
                Batch b = new Batch(prepare(batch), fetchedAll);
                while (!halted && !queue.offer(b, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    // the reader merges: wait for room
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            if (!halted) {
                failure = e;
            }
        }
    }

    private boolean allDone() {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    private void pauseAndResume() {
        boolean[] f = full;
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            (done[p] || f[p] ? pause : resume).add(partitions.get(p));
        }
        consumer.pause(pause);
        consumer.resume(resume);
    }

    /** Marks and returns the partitions whose every record of the range is now fetched. */
    private boolean[] complete() {
        for (int p = 0; p < partitions.size(); p++) {
            if (!done[p] && consumer.position(partitions.get(p)) >= end[p]) {
                done[p] = true;
            }
        }
        return done.clone();
    }

    /** Prepares a poll's records, in parallel chunks when there are enough; keeps their order. */
    private List<Entry> prepare(List<ConsumerRecord<byte[], byte[]>> batch) throws InterruptedException {
        int chunks = batch.size() < 256 ? 1 : preparers.length;
        int size = (batch.size() + chunks - 1) / Math.max(1, chunks);
        List<Future<List<Entry>>> others = new ArrayList<>();
        for (int c = 1; c < chunks; c++) {
            int from = Math.min(batch.size(), c * size);
            int to = Math.min(batch.size(), from + size);
            int worker = c;
            others.add(pool().submit(() -> prepare(batch, from, to, worker)));
        }
        List<Entry> out = new ArrayList<>(batch.size());
        out.addAll(prepare(batch, 0, Math.min(batch.size(), size), 0));
        for (Future<List<Entry>> f : others) {
            try {
                out.addAll(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("preparing records failed", e.getCause());
            }
        }
        return out;
    }

    private List<Entry> prepare(List<ConsumerRecord<byte[], byte[]>> batch, int from, int to, int worker) {
        RecordPreparer.Worker w = worker(worker);
        List<Entry> out = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            ConsumerRecord<byte[], byte[]> r = batch.get(i);
            Object prepared = w.prepare(r.value());
            out.add(new Entry(r, prepared, w.time(prepared)));
        }
        return out;
    }

    private synchronized RecordPreparer.Worker worker(int i) {
        if (preparers[i] == null) {
            preparers[i] = preparer.worker();
        }
        return preparers[i];
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(Math.max(1, preparers.length - 1), r -> {
                Thread t = new Thread(r, name + "-prepare");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }
}
