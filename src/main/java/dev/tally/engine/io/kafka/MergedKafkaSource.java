package dev.tally.engine.io.kafka;

import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.source.SourceContext;
import dev.tally.engine.io.source.SourceReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import dev.tally.engine.io.source.RecordPreparer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A bounded range of a Kafka topic read by <b>one</b> reader that merges the partitions deterministically, for
 * repeatable replays: of the records fetched, it always hands over next the head record with the smallest
 * (event time, partition, offset), and only once every partition not yet exhausted has a head to compare (so
 * what a fetch returns, and when, never changes the order). A partition whose range is exhausted ends: the
 * reader sends it watermark +∞ ({@link SourceContext#watermark}), so it stops holding the combined watermark
 * back at a point that depends only on the input. No processing-time idleness is involved.
 *
 * <p>The range of partition {@code p} is {@code [start(p), end(p))} in offsets: {@code start} defaults to the
 * earliest offset still in the topic (a restore's {@link SourceReader#seek} replaces it), {@code end} to the end
 * offset ({@code read_committed}: the last stable offset) when the reader opens. With an event-time range
 * {@code [fromTime, toTime)}, records whose event time lies outside it (or that have none) are skipped before the
 * job sees them: they are not read, not counted and make no watermark.
 *
 * <p>{@link #progress()} tells how many offsets of the range were consumed, of how many. Only one reader:
 * {@link #reader} refuses {@code readers != 1}. Thread-safe; its reader is not (except {@code wakeup}/{@code stop}).
 */
public final class MergedKafkaSource implements Source {

    /** A partition's buffer above this many records pauses its fetching until it drains. */
    private static final int MAX_BUFFERED = 20_000;

    private final String bootstrapServers;
    private final String topic;
    private final Map<Integer, Long> startOffsets;
    private final Map<Integer, Long> endOffsets;
    private final RecordPreparer preparer;
    private final int workers;
    private final long fromTime;
    private final long toTime;
    private final String clientId;
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong total = new AtomicLong(-1);

    /**
     * @param startOffsets first offset per partition (partition id → offset); a partition missing here starts at
     *                     the earliest offset still in the topic
     * @param endOffsets   offset after the last one per partition; missing = the end offset when the reader opens
     * @param preparer     prepares each record (decode, event time, filter, key) before the merge, on
     *                     {@code workers} threads; its time orders the merge ({@link Long#MIN_VALUE}, no time: first)
     * @param workers      threads that prepare a fetch's records in parallel (the reader's own among them), ≥ 1
     * @param fromTime     event-time range start (inclusive), {@link Long#MIN_VALUE} for none
     * @param toTime       event-time range end (exclusive), {@link Long#MAX_VALUE} for none
     */
    public MergedKafkaSource(String bootstrapServers, String topic, Map<Integer, Long> startOffsets,
            Map<Integer, Long> endOffsets, RecordPreparer preparer, int workers, long fromTime, long toTime,
            String clientId) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.startOffsets = Map.copyOf(startOffsets);
        this.endOffsets = Map.copyOf(endOffsets);
        this.preparer = preparer;
        this.workers = workers;
        this.fromTime = fromTime;
        this.toTime = toTime;
        this.clientId = clientId;
    }

    /**
     * How far the reader is.
     *
     * @param consumed offsets of the range consumed so far (records read or skipped, transaction markers included)
     * @param total    offsets in the range; -1 until the reader has opened
     */
    public record Progress(long consumed, long total) {
    }

    /** Offsets consumed of the range so far; callable from any thread. */
    public Progress progress() {
        return new Progress(consumed.get(), total.get());
    }

    @Override
    public SourceReader reader(int index, int readers) {
        if (readers != 1) {
            throw new IllegalArgumentException("a merged Kafka source has exactly one reader, not " + readers);
        }
        return new Reader();
    }

    /** One partition's range, position and fetched records not yet handed over. */
    private static final class Part {

        final TopicPartition tp;
        final ArrayDeque<MergedFetcher.Entry> buffer = new ArrayDeque<>();
        long start;
        long end;
        /** Next offset to hand over (or skip). */
        long next;
        /** Every record of the range is fetched (the consumer's position reached {@link #end}). */
        boolean fetchedAll;
        boolean ended;

        Part(TopicPartition tp) {
            this.tp = tp;
        }
    }

    private final class Reader implements SourceReader {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<Part> parts = new ArrayList<>();
        private volatile boolean stopped;
        private volatile MergedFetcher fetcher;

        Reader() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4000);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public int open() {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return -1;
            }
            List<TopicPartition> all = new ArrayList<>();
            for (int i = 0; i < infos.size(); i++) {
                all.add(new TopicPartition(topic, i));
            }
            consumer.assign(all);
            Map<TopicPartition, Long> earliest = consumer.beginningOffsets(all, Duration.ofSeconds(30));
            Map<TopicPartition, Long> latest = consumer.endOffsets(all, Duration.ofSeconds(30));
            for (TopicPartition tp : all) {
                Part part = new Part(tp);
                part.start = startOffsets.getOrDefault(tp.partition(), earliest.get(tp));
                part.end = endOffsets.getOrDefault(tp.partition(), latest.get(tp));
                parts.add(part);
            }
            position();
            return parts.size();
        }

        /** Seeks every partition to its start and recomputes the range's size (before the fetcher starts). */
        private void position() {
            long sum = 0;
            for (Part part : parts) {
                part.next = part.start;
                part.buffer.clear();
                part.fetchedAll = part.start >= part.end;
                consumer.seek(part.tp, part.start);
                sum += Math.max(0, part.end - part.start);
            }
            consumed.set(0);
            total.set(sum);
        }

        @Override
        public boolean poll(SourceContext context, long timeoutMillis) throws InterruptedException {
            if (stopped) {
                return true;
            }
            if (fetcher == null) {
                start();
            }
            for (MergedFetcher.Batch b; (b = fetcher.takeNow()) != null; ) {
                apply(b);
            }
            boolean emitted = merge(context);
            if (!emitted && !ended()) {
                MergedFetcher.Batch b = fetcher.take(timeoutMillis);
                if (b != null) {
                    apply(b);
                    merge(context);
                }
            }
            boolean[] full = new boolean[parts.size()];
            for (int i = 0; i < full.length; i++) {
                full[i] = parts.get(i).buffer.size() >= MAX_BUFFERED;
            }
            fetcher.full(full);
            return !ended();
        }

        private void start() {
            long[] end = new long[parts.size()];
            boolean[] complete = new boolean[parts.size()];
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < end.length; i++) {
                end[i] = parts.get(i).end;
                complete[i] = parts.get(i).fetchedAll;
                tps.add(parts.get(i).tp);
            }
            fetcher = new MergedFetcher(consumer, tps, end, complete, preparer, workers, clientId);
            fetcher.start();
        }

        private void apply(MergedFetcher.Batch b) {
            for (MergedFetcher.Entry e : b.entries()) {
                parts.get(e.record().partition()).buffer.addLast(e);
            }
            for (int i = 0; i < parts.size(); i++) {
                parts.get(i).fetchedAll |= b.fetchedAll()[i];
            }
        }

        private boolean ended() {
            for (Part part : parts) {
                if (!part.ended) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Hands over heads in (event time, partition, offset) order while every partition not yet exhausted has
         * one; ends exhausted partitions. Returns whether anything was handed over or ended.
         */
        private boolean merge(SourceContext context) {
            boolean any = false;
            while (true) {
                Part best = null;
                long bestTime = 0;
                for (int i = 0; i < parts.size(); i++) {
                    Part part = parts.get(i);
                    if (part.ended) {
                        continue;
                    }
                    if (part.buffer.isEmpty()) {
                        if (!part.fetchedAll) {
                            return any; // its next record could come first: fetch before deciding
                        }
                        part.ended = true; // exhausted: it no longer holds the watermark back
                        consumed.addAndGet(part.end - part.next);
                        part.next = part.end;
                        context.watermark(i, Long.MAX_VALUE);
                        any = true;
                        continue;
                    }
                    long t = part.buffer.peekFirst().time();
                    if (best == null || t < bestTime) { // ties keep the lower partition: parts are in id order
                        best = part;
                        bestTime = t;
                    }
                }
                if (best == null) {
                    return any;
                }
                MergedFetcher.Entry e = best.buffer.pollFirst();
                ConsumerRecord<byte[], byte[]> r = e.record();
                consumed.addAndGet(r.offset() + 1 - best.next);
                best.next = r.offset() + 1;
                if (bestTime >= fromTime && bestTime < toTime) {
                    context.record(best.tp.partition(), r.value(), r.offset(), e.prepared());
                }
                any = true;
            }
        }

        @Override
        public int partitionId(int local) {
            return parts.get(local).tp.partition();
        }

        @Override
        public long position(int local) {
            return parts.get(local).next;
        }

        @Override
        public void seek(Map<Integer, Long> positions) {
            if (fetcher != null) {
                throw new IllegalStateException("a merged Kafka source seeks only before it reads");
            }
            for (Part part : parts) {
                Long p = positions.get(part.tp.partition());
                if (p != null) {
                    part.start = p;
                }
            }
            position();
        }

        @Override
        public void wakeup() {
            // the reader waits for fetched batches at most the poll's timeout: nothing to wake
        }

        @Override
        public void stop() {
            stopped = true;
            MergedFetcher f = fetcher;
            if (f != null) {
                f.halt();
            } else {
                consumer.wakeup();
            }
        }

        @Override
        public void close() {
            MergedFetcher f = fetcher;
            if (f != null) {
                try {
                    f.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    /** Partition id → offset, for building ranges. */
    public static Map<Integer, Long> offsets(Map<TopicPartition, Long> byPartition) {
        Map<Integer, Long> out = new HashMap<>();
        byPartition.forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }
}
