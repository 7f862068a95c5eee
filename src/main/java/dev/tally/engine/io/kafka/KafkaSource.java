package dev.tally.engine.io.kafka;

import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.source.SourceContext;
import dev.tally.engine.io.source.SourceReader;
import dev.tally.engine.io.source.SourceStoppedException;
import dev.tally.engine.spec.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * All partitions of a Kafka topic, partition {@code p} read by reader {@code p mod readers}, each reader with its
 * own consumer (manual assignment, no consumer group, {@code read_committed}). With {@code untilEnd}, each reader
 * stops at the end offsets it finds when it opens.
 *
 * <p>Opening tolerates a slow or briefly unavailable broker: each metadata and offset request that times out
 * (Kafka's {@link RetriableException}s, such as "Timeout expired while fetching topic metadata") is tried again
 * with exponential back-off (100 ms doubling to 2 s) for at most {@link #OPEN_TIMEOUT} in all, then the reader
 * fails saying what it waited for and the last error. A wake-up (a barrier or a stop) only ever interrupts a
 * {@code poll}: before the first poll it is not passed to the consumer, so it can never fail a reader that is
 * still starting; the barrier is taken after that first poll. Immutable; its readers are not thread-safe.
 */
public final class KafkaSource implements Source {

    /** How long opening a reader keeps retrying requests that time out before it fails: 2 minutes. */
    public static final Duration OPEN_TIMEOUT = Duration.ofMinutes(2);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final String bootstrapServers;
    private final String topic;
    private final SourceSpec.StartFrom startFrom;
    private final String clientId;
    private final boolean untilEnd;
    private final Duration openTimeout;

    public KafkaSource(String bootstrapServers, String topic, SourceSpec.StartFrom startFrom, String clientId,
            boolean untilEnd) {
        this(bootstrapServers, topic, startFrom, clientId, untilEnd, OPEN_TIMEOUT);
    }

    /** As the public constructor, with another limit on how long opening retries (tests). */
    KafkaSource(String bootstrapServers, String topic, SourceSpec.StartFrom startFrom, String clientId,
            boolean untilEnd, Duration openTimeout) {
        this.openTimeout = openTimeout;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.startFrom = startFrom;
        this.clientId = clientId;
        this.untilEnd = untilEnd;
    }

    @Override
    public SourceReader reader(int index, int readers) {
        return new Reader(index, readers);
    }

    private final class Reader implements SourceReader {

        private final int index;
        private final int readers;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private int[] localIndex = new int[0];
        private final List<TopicPartition> owned = new ArrayList<>();
        private long[] next = new long[0];
        private Map<TopicPartition, Long> endOffsets;
        /** The end offset of each owned partition (by local index) when reading until the end. */
        private long[] end = new long[0];
        /** Set once the reader polls: only then may a wake-up reach the consumer. */
        private volatile boolean polling;
        /** Set by {@link #stop()}: retries give up at once. */
        private volatile boolean stopped;
        /** When the current open began, for {@link #OPEN_TIMEOUT}; 0 while not opening. */
        private long openStarted;

        Reader(int index, int readers) {
            this.index = index;
            this.readers = readers;
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-r" + index);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    startFrom == SourceSpec.StartFrom.LATEST ? "latest" : "earliest");
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public int open() {
            openStarted = System.nanoTime();
            List<PartitionInfo> infos = retrying("the topic's partitions",
                    () -> consumer.partitionsFor(topic, Duration.ofSeconds(2)));
            if (infos == null || infos.isEmpty()) {
                return -1;
            }
            List<TopicPartition> mine = new ArrayList<>();
            localIndex = new int[infos.size()];
            for (int p = index; p < infos.size(); p += readers) {
                localIndex[p] = mine.size();
                mine.add(new TopicPartition(topic, p));
            }
            consumer.assign(mine);
            owned.addAll(mine);
            if (startFrom == SourceSpec.StartFrom.LATEST) {
                consumer.seekToEnd(mine);
            } else {
                consumer.seekToBeginning(mine);
            }
            next = new long[mine.size()];
            for (int i = 0; i < next.length; i++) {
                TopicPartition tp = mine.get(i);
                next[i] = retrying("the position of " + tp, () -> consumer.position(tp, Duration.ofSeconds(2)));
            }
            if (untilEnd) {
                ends(retrying("the end offsets", () -> consumer.endOffsets(mine, Duration.ofSeconds(2))));
                for (TopicPartition tp : mine) {
                    retrying("the position of " + tp, () -> consumer.position(tp, Duration.ofSeconds(2)));
                }
                removeFinished();
            }
            return mine.size();
        }

        /**
         * Runs a request to the broker, trying again with back-off while it times out or is woken up, for at most
         * {@link #OPEN_TIMEOUT} since the reader began opening.
         *
         * @throws org.apache.kafka.common.KafkaException saying what was waited for, once that time has passed
         */
        private <T> T retrying(String what, Supplier<T> request) {
            long backoff = FIRST_BACKOFF_MILLIS;
            while (true) {
                try {
                    return request.get();
                } catch (WakeupException | RetriableException e) {
                    if (stopped) {
                        throw new SourceStoppedException("reader stopped while waiting for " + what);
                    }
                    long waited = (System.nanoTime() - openStarted) / 1_000_000;
                    if (waited >= openTimeout.toMillis()) {
                        throw new KafkaException("no answer from the broker at " + bootstrapServers + " about " + what
                                + " of topic " + topic + " within " + openTimeout.toSeconds() + " s (last error: "
                                + e.getMessage() + ")", e);
                    }
                    sleep(Math.min(backoff, openTimeout.toMillis() - waited));
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }

        @Override
        public boolean poll(SourceContext context, long timeoutMillis) throws InterruptedException {
            if (untilEnd && endOffsets.isEmpty()) {
                return false;
            }
            if (owned.isEmpty()) {
                Thread.sleep(Math.min(timeoutMillis, 50)); // owns no partition: nothing to read, ever
                return true;
            }
            polling = true;
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(timeoutMillis));
            } catch (WakeupException e) {
                return true;
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                int local = localIndex[r.partition()];
                if (untilEnd && r.offset() >= end[local]) {
                    continue;
                }
                next[local] = r.offset() + 1;
                context.record(local, r.value(), r.offset());
            }
            if (untilEnd) {
                try {
                    removeFinished();
                } catch (WakeupException e) {
                    return true; // a barrier was requested; check again on the next pass
                }
                return !endOffsets.isEmpty();
            }
            return true;
        }

        private void ends(Map<TopicPartition, Long> offsets) {
            endOffsets = new HashMap<>(offsets);
            end = new long[owned.size()];
            for (int i = 0; i < end.length; i++) {
                end[i] = offsets.get(owned.get(i));
            }
        }

        private void removeFinished() {
            endOffsets.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            if (!endOffsets.isEmpty()) {
                consumer.pause(consumer.assignment().stream().filter(tp -> !endOffsets.containsKey(tp)).toList());
            }
        }

        @Override
        public int partitionId(int local) {
            return owned.get(local).partition();
        }

        @Override
        public long position(int local) {
            return next[local];
        }

        @Override
        public void seek(Map<Integer, Long> positions) {
            for (int i = 0; i < owned.size(); i++) {
                Long p = positions.get(owned.get(i).partition());
                if (p != null) {
                    consumer.seek(owned.get(i), p);
                    next[i] = p;
                }
            }
            if (untilEnd) {
                consumer.resume(consumer.assignment());
                ends(retrying("the end offsets", () -> consumer.endOffsets(owned, Duration.ofSeconds(2))));
                removeFinished();
            }
        }

        @Override
        public void wakeup() {
            if (polling) {
                consumer.wakeup();
            }
        }

        @Override
        public void stop() {
            stopped = true;
            consumer.wakeup();
        }

        @Override
        public void close() {
            // no group and no offsets to commit: waiting would only wait out the broker's long poll of an
            // in-flight fetch (fetch.max.wait.ms, 500 ms), which delayed the end of every bounded run
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }
}
