package dev.tally.engine.io.kafka;

import dev.tally.engine.window.WindowResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Exactly-once results into Kafka, write-ahead style. Each subtask buffers its results; at a barrier the buffer
 * becomes part of the checkpoint ("pending output"); once the checkpoint is stored, each subtask's pending output
 * is written in one Kafka transaction (transactional id {@code <prefix>-<subtask>}; none when it is empty)
 * together with a marker record {@code <transactional id> → checkpoint id} in the compacted topic
 * {@value #MARKERS}, and committed. On restore, pending outputs whose marker is older than the checkpoint are
 * written again the same way, so every result becomes visible to {@code read_committed} consumers exactly once;
 * opening a transactional producer aborts whatever its previous incarnation left open. Thread-safe: subtasks only touch their own buffer, the
 * checkpoint coordinator does the rest.
 */
public final class TransactionalResults implements AutoCloseable {

    /**
     * How long an id with nothing to write goes without a transaction. A transaction costs the broker work that
     * slows every consumer (two a second cost a bare consumer 6-8 %), and with 10 s windows most 1 s
     * checkpoints have no result; an empty commit now and then keeps the producer id from expiring
     * ({@code transactional.id.expiration.ms}, 7 days by default).
     */
    static final Duration KEEP_ALIVE = Duration.ofHours(1);

    /** Topic of commit markers, shared by all jobs. */
    public static final String MARKERS = "tally-commits";

    private final String bootstrapServers;
    private final String prefix;
    private final List<String> topics;
    private final ResultJson json;
    private final Duration transactionTimeout;
    private final Map<String, KafkaProducer<byte[], byte[]>> producers = new java.util.concurrent.ConcurrentHashMap<>();
    /** When each transactional id last committed ({@link System#nanoTime()}); written by the coordinator only. */
    private final Map<String, Long> lastCommit = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.concurrent.CompletableFuture<Void> ready =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    public TransactionalResults(String bootstrapServers, String prefix, List<String> topics, ResultJson json,
            Duration transactionTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
        this.topics = List.copyOf(topics);
        this.json = json;
        this.transactionTimeout = transactionTimeout;
    }

    /**
     * In the background while the job starts reading: creates the marker topic, opens (and so fences) the
     * producers of {@code subtasks} in parallel, and, after a restore from {@code checkpointId}, writes again the
     * pending outputs whose commit did not happen. Every commit waits for this first.
     */
    public void start(int subtasks, long checkpointId, Map<String, byte[]> pending) {
        ready = java.util.concurrent.CompletableFuture.runAsync(() -> {
            createMarkerTopic();
            List<java.util.concurrent.CompletableFuture<Void>> opening = new java.util.ArrayList<>();
            for (int i = 0; i < subtasks; i++) {
                String id = transactionalId(i);
                opening.add(java.util.concurrent.CompletableFuture.runAsync(() -> producer(id)));
            }
            opening.forEach(java.util.concurrent.CompletableFuture::join);
            Thread metadata = new Thread(this::learnTopics, prefix + "-metadata");
            metadata.setDaemon(true);
            metadata.start();
            if (pending != null) {
                recover(checkpointId, pending);
            }
        });
    }

    /**
     * Has every producer fetch the metadata of the result and marker topics (which creates them where the broker
     * creates topics on demand), so that the first commit does not wait for it: 100-300 ms for a new topic. On its
     * own thread, not the commits': with a topic that cannot be created it would block for max.block.ms.
     */
    private void learnTopics() {
        for (KafkaProducer<byte[], byte[]> p : producers.values()) {
            for (String topic : topics) {
                try {
                    p.partitionsFor(topic);
                } catch (RuntimeException e) {
                    return; // closed, or the topic is missing: the first commit reports what is wrong
                }
            }
        }
    }

    public String transactionalId(int subtask) {
        return prefix + "-" + subtask;
    }

    /** A subtask's buffer of results not yet in a checkpoint. Not thread-safe: one subtask's. */
    public final class Buffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private int records;

        public void add(WindowResult r) {
            byte[] key = r.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = json.encode(r).getBytes(StandardCharsets.UTF_8);
            try {
                for (String topic : topics) {
                    out.writeUTF(topic);
                    out.writeLong(r.timestamp());
                    out.writeInt(key.length);
                    out.write(key);
                    out.writeInt(value.length);
                    out.write(value);
                    records++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Takes everything buffered so far (the pending output of a checkpoint). */
        public Pending drain() {
            Pending p = new Pending(bytes.toByteArray(), records);
            bytes.reset();
            records = 0;
            return p;
        }
    }

    /**
     * Results buffered between two barriers, as stored in a checkpoint.
     *
     * @param bytes   the encoded records
     * @param records how many
     */
    public record Pending(byte[] bytes, int records) {

        public static final Pending NONE = new Pending(new byte[0], 0);
    }

    public Buffer buffer() {
        return new Buffer();
    }

    /**
     * Waits until the startup work is done, the replay of a restored checkpoint's outputs included. A checkpoint
     * must not be stored before that: a restore from it would replay only its own outputs, and the earlier ones
     * still being replayed would be lost.
     */
    public void awaitReady() {
        ready.join();
    }

    /** Commits pending outputs of a stored checkpoint: one transaction per transactional id. */
    public void commit(long checkpointId, Map<String, byte[]> pendingByTransactionalId) {
        ready.join();
        write(checkpointId, pendingByTransactionalId);
    }

    /**
     * One transaction per transactional id with something to write, all at the same time (each has its own
     * producer). An id with nothing pending is skipped (see {@link #KEEP_ALIVE}): its marker stays at an older
     * checkpoint, which a restore reads the same way since that checkpoint's pending output is empty.
     */
    private void write(long checkpointId, Map<String, byte[]> pendingByTransactionalId) {
        List<java.util.concurrent.CompletableFuture<Void>> commits = new java.util.ArrayList<>();
        long now = System.nanoTime();
        for (Map.Entry<String, byte[]> e : pendingByTransactionalId.entrySet()) {
            Long last = lastCommit.get(e.getKey());
            if (e.getValue().length == 0 && last != null && now - last < KEEP_ALIVE.toNanos()) {
                continue;
            }
            lastCommit.put(e.getKey(), now);
            commits.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                KafkaProducer<byte[], byte[]> p = producer(e.getKey());
                p.beginTransaction();
                send(p, e.getValue());
                p.send(new ProducerRecord<>(MARKERS, e.getKey().getBytes(StandardCharsets.UTF_8),
                        Long.toString(checkpointId).getBytes(StandardCharsets.UTF_8)));
                p.commitTransaction();
            }));
        }
        try {
            commits.forEach(java.util.concurrent.CompletableFuture::join);
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * After a restore from checkpoint {@code checkpointId}: writes again the pending outputs whose commit did not
     * happen (their marker is older), and aborts what earlier incarnations left open.
     */
    private void recover(long checkpointId, Map<String, byte[]> pendingByTransactionalId) {
        Map<String, Long> markers = markers();
        Map<String, byte[]> redo = new HashMap<>();
        for (Map.Entry<String, byte[]> e : pendingByTransactionalId.entrySet()) {
            producer(e.getKey());
            if (markers.getOrDefault(e.getKey(), -1L) < checkpointId) {
                redo.put(e.getKey(), e.getValue());
            }
        }
        write(checkpointId, redo);
    }

    private void send(KafkaProducer<byte[], byte[]> p, byte[] pending) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(pending))) {
            while (in.available() > 0) {
                String topic = in.readUTF();
                in.readLong(); // the result's own timestamp; it is in the JSON
                byte[] key = new byte[in.readInt()];
                in.readFully(key);
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                p.send(new ProducerRecord<>(topic, key, value)); // written now: see KafkaSinks on timestamps
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        return producers.computeIfAbsent(transactionalId, id -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, id);
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer());
            producer.initTransactions();
            return producer;
        });
    }

    /** The last committed checkpoint id of every transactional id, read from the marker topic. */
    public Map<String, Long> markers() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(MARKERS, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.merge(new String(r.key(), StandardCharsets.UTF_8),
                            Long.parseLong(new String(r.value(), StandardCharsets.UTF_8)), Math::max);
                }
            }
        }
        return out;
    }

    private void createMarkerTopic() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(MARKERS, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + MARKERS, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        try {
            ready.join();
        } catch (RuntimeException e) {
            // the job already failed on it; close what was opened
        }
        producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
        producers.clear();
    }
}
