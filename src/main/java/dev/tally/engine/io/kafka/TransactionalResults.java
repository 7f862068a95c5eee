package dev.tally.engine.io.kafka;

import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.window.WindowResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
 * Exactly-once Kafka outputs (results, late elements, dead letters), write-ahead style. Each subtask buffers its
 * results and late elements, each reader its dead letters; at a barrier the buffers become part of the checkpoint
 * ("pending output"); once the checkpoint is stored, the pending output of each transactional id
 * ({@code <prefix>-<subtask>}; reader {@code r} writes with subtask {@code r mod P}) is written in one Kafka
 * transaction (none when it is empty) together with a marker record
 * {@code <transactional id> → "<checkpoint id> <writer id>"} in the compacted topic {@value #MARKERS}, and
 * committed. The writer id is random per run and recorded in the run's snapshots, so a marker says "checkpoint n
 * <em>of that run</em> is committed": a job name reused with fresh state (whose ids restart at 1) or a restore
 * from an older snapshot never has its checkpoints taken for committed because of another run's markers. On
 * restore, pending outputs without such a marker are written again the same way, so every record becomes visible
 * to {@code read_committed} consumers exactly once; opening a transactional producer aborts whatever its previous
 * incarnation left open (the transactional id stays the same across restores, so zombies are fenced).
 * Thread-safe: subtasks and readers only touch their own buffer, the checkpoint coordinator does the rest.
 */
public final class TransactionalResults implements AutoCloseable {

    /**
     * How long an id with nothing to write goes without a transaction. A transaction costs the broker work that
     * slows every consumer (two a second cost a bare consumer 6-8 %), and with 10 s windows most 1 s
     * checkpoints have no result; an empty commit now and then keeps the producer id from expiring
     * ({@code transactional.id.expiration.ms}, 7 days by default).
     */
    static final Duration KEEP_ALIVE = Duration.ofHours(1);

    /** How long past the transaction timeout a restore waits for open transactions on the marker topic. */
    static final Duration MARKERS_GRACE = Duration.ofSeconds(10);

    /** Topic of commit markers, shared by all jobs. */
    public static final String MARKERS = "tally-commits";

    /** The header that says why a late element or dead letter was written: {@code LATE} or the dead-letter reason. */
    public static final String REASON_HEADER = "tally.reason";
    /** Header of a dead letter saying what went wrong in words (UTF-8), when there is more than the reason. */
    public static final String DETAIL_HEADER = "tally.detail";
    /**
     * Header of a window result naming the job version that produced it (decimal, UTF-8), so that consumers can
     * tell the results of an upgraded version from those its rollback re-emits. Absent outside the control plane
     * (version 0).
     */
    public static final String VERSION_HEADER = "tally.version";

    private final String bootstrapServers;
    private final String prefix;
    private final String writerId;
    private final Topics topics;
    private final ResultJson json;
    private final Duration transactionTimeout;
    private final int version;
    private final Map<String, KafkaProducer<byte[], byte[]>> producers = new ConcurrentHashMap<>();
    /** When each transactional id last committed ({@link System#nanoTime()}); written by the coordinator only. */
    private final Map<String, Long> lastCommit = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);

    /**
     * The Kafka topics of each output of a job.
     *
     * @param results     window results (JSON, keyed by the result's key)
     * @param late        late elements (the original record, keyed by the element's key)
     * @param deadLetters dead letters (the original record, without key)
     */
    public record Topics(List<String> results, List<String> late, List<String> deadLetters) {

        public Topics {
            results = List.copyOf(results);
            late = List.copyOf(late);
            deadLetters = List.copyOf(deadLetters);
        }

        /** Only results, into {@code topics}. */
        public static Topics results(String... topics) {
            return new Topics(List.of(topics), List.of(), List.of());
        }

        /** The Kafka topics of {@code sinks}. */
        public static Topics of(List<SinkSpec> sinks) {
            List<String> results = new ArrayList<>();
            List<String> late = new ArrayList<>();
            List<String> dead = new ArrayList<>();
            for (SinkSpec s : sinks) {
                if (s.kind() == SinkSpec.Kind.KAFKA) {
                    (s.output() == SinkSpec.Output.RESULTS ? results : s.output() == SinkSpec.Output.LATE ? late
                            : dead).add(s.topic());
                }
            }
            return new Topics(results, late, dead);
        }

        List<String> all() {
            List<String> out = new ArrayList<>(results);
            out.addAll(late);
            out.addAll(deadLetters);
            return out;
        }
    }

    /**
     * @param prefix             transactional ids are {@code <prefix>-<subtask>}: one per job, the same across
     *                           restores, so that a new incarnation fences the old
     * @param writerId           this run's id, carried by its commit markers (see the class comment); unique per run
     * @param transactionTimeout the producers' {@code transaction.timeout.ms}
     */
    public TransactionalResults(String bootstrapServers, String prefix, String writerId, Topics topics,
            ResultJson json, Duration transactionTimeout) {
        this(bootstrapServers, prefix, writerId, topics, json, transactionTimeout, 0);
    }

    /**
     * @param version the job version whose results these are, sent as header {@value #VERSION_HEADER} on each
     *                result; 0 (outside the control plane) for none
     * @see #TransactionalResults(String, String, String, Topics, ResultJson, Duration)
     */
    public TransactionalResults(String bootstrapServers, String prefix, String writerId, Topics topics,
            ResultJson json, Duration transactionTimeout, int version) {
        this.version = version;
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
        this.writerId = Objects.requireNonNull(writerId);
        this.topics = topics;
        this.json = json;
        this.transactionTimeout = transactionTimeout;
    }

    /** This run's writer id (recorded in its snapshots). */
    public String writerId() {
        return writerId;
    }

    /**
     * In the background while the job starts reading: creates the marker topic, opens (and so fences) the
     * producers of {@code subtasks} in parallel, and, after a restore from {@code checkpointId} taken by the run
     * {@code restoredWriter} (null for snapshots older than writer ids), writes again the pending outputs whose
     * commit did not happen. Every commit waits for this first.
     *
     * @param pending pending outputs of the restored snapshot by transactional id, or null when not restoring
     */
    public void start(int subtasks, long checkpointId, String restoredWriter, Map<String, byte[]> pending) {
        ready = CompletableFuture.runAsync(() -> {
            createMarkerTopic();
            List<CompletableFuture<Void>> opening = new ArrayList<>();
            for (int i = 0; i < subtasks; i++) {
                String id = transactionalId(i);
                opening.add(CompletableFuture.runAsync(() -> producer(id)));
            }
            opening.forEach(CompletableFuture::join);
            Thread metadata = new Thread(this::learnTopics, prefix + "-metadata");
            metadata.setDaemon(true);
            metadata.start();
            if (pending != null) {
                recover(checkpointId, restoredWriter, pending);
            }
        });
    }

    /**
     * Has every producer fetch the metadata of the output and marker topics (which creates them where the broker
     * creates topics on demand), so that the first commit does not wait for it: 100-300 ms for a new topic. On its
     * own thread, not the commits': with a topic that cannot be created it would block for max.block.ms.
     */
    private void learnTopics() {
        for (KafkaProducer<byte[], byte[]> p : producers.values()) {
            for (String topic : topics.all()) {
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

    /**
     * A subtask's or reader's records not yet in a checkpoint, encoded as {@link OutputRecords} says. Not
     * thread-safe: one subtask's or reader's.
     */
    public final class Buffer {
        private final OutputRecords out = new OutputRecords();

        /** A window result, for every result topic. */
        public void add(WindowResult r) {
            if (topics.results().isEmpty()) {
                return;
            }
            byte[] key = r.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = json.encode(r).getBytes(StandardCharsets.UTF_8);
            for (String topic : topics.results()) {
                if (version > 0) {
                    out.addResult(topic, key, value, version);
                } else {
                    out.add(topic, key, value, null);
                }
            }
        }

        /** A late element (its original bytes), for every late topic, with reason {@code LATE}. */
        public void late(String key, byte[] raw) {
            if (topics.late().isEmpty()) {
                return;
            }
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            for (String topic : topics.late()) {
                out.add(topic, k, raw, "LATE");
            }
        }

        /** A dead letter (its original bytes) with its reason and detail (or null), for every dead-letter topic. */
        public void deadLetter(String reason, String detail, byte[] raw) {
            for (String topic : topics.deadLetters()) {
                out.add(topic, null, raw, reason, detail);
            }
        }

        /** Takes everything buffered so far (the pending output of a checkpoint). */
        public Pending drain() {
            return out.drain();
        }
    }

    /**
     * Records buffered between two barriers, as stored in a checkpoint.
     *
     * @param bytes   the encoded records ({@link OutputRecords})
     * @param records how many
     */
    public record Pending(byte[] bytes, int records) {

        public static final Pending NONE = new Pending(new byte[0], 0);

        /** This and then {@code other}, as one pending output. */
        public Pending plus(Pending other) {
            if (other.bytes.length == 0) {
                return this;
            }
            if (bytes.length == 0) {
                return other;
            }
            byte[] b = java.util.Arrays.copyOf(bytes, bytes.length + other.bytes.length);
            System.arraycopy(other.bytes, 0, b, bytes.length, other.bytes.length);
            return new Pending(b, records + other.records);
        }
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

    /** Commits pending outputs of a checkpoint this run stored: one transaction per transactional id. */
    public void commit(long checkpointId, Map<String, byte[]> pendingByTransactionalId) {
        ready.join();
        write(checkpointId, writerId, pendingByTransactionalId);
    }

    /**
     * One transaction per transactional id with something to write, all at the same time (each has its own
     * producer). An id with nothing pending is skipped (see {@link #KEEP_ALIVE}): its marker stays at an older
     * checkpoint, which a restore reads the same way since that checkpoint's pending output is empty.
     */
    private void write(long checkpointId, String writer, Map<String, byte[]> pendingByTransactionalId) {
        byte[] marker = (writer == null ? Long.toString(checkpointId) : checkpointId + " " + writer)
                .getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        long now = System.nanoTime();
        for (Map.Entry<String, byte[]> e : pendingByTransactionalId.entrySet()) {
            Long last = lastCommit.get(e.getKey());
            if (e.getValue().length == 0 && last != null && now - last < KEEP_ALIVE.toNanos()) {
                continue;
            }
            lastCommit.put(e.getKey(), now);
            commits.add(CompletableFuture.runAsync(() -> {
                KafkaProducer<byte[], byte[]> p = producer(e.getKey());
                p.beginTransaction();
                OutputRecords.send(p, e.getValue());
                p.send(new ProducerRecord<>(MARKERS, e.getKey().getBytes(StandardCharsets.UTF_8), marker));
                p.commitTransaction();
            }));
        }
        try {
            commits.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * After a restore from checkpoint {@code checkpointId} of run {@code writer}: writes again the pending outputs
     * that have no marker of that run at or after the checkpoint (with a marker of that run), and aborts what
     * earlier incarnations left open.
     */
    private void recover(long checkpointId, String writer, Map<String, byte[]> pendingByTransactionalId) {
        // opening a producer completes its previous incarnation's commit, so the markers are read after that
        pendingByTransactionalId.keySet().forEach(this::producer);
        Map<String, Long> markers = markers(writer);
        Map<String, byte[]> redo = new HashMap<>();
        for (Map.Entry<String, byte[]> e : pendingByTransactionalId.entrySet()) {
            if (markers.getOrDefault(e.getKey(), -1L) < checkpointId) {
                redo.put(e.getKey(), e.getValue());
            }
        }
        write(checkpointId, writer, redo);
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

    /**
     * The highest checkpoint id that run {@code writer} committed, per transactional id, read from the marker
     * topic ({@code writer} null: the markers written before writer ids existed). Compaction keeps only the latest
     * marker of a transactional id, so an older run's may be gone: its outputs are then written again (a
     * duplicate, never a loss); a restore from the latest checkpoint always finds its run's marker if it committed,
     * since no later run committed anything for that id. Reads every marker written before the call, waiting for
     * transactions of other jobs still open on the topic to end (at most the transaction timeout and 10 s).
     *
     * @throws IllegalStateException when a transaction on the marker topic stays open longer than that
     */
    public Map<String, Long> markers(String writer) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> out = new HashMap<>();
        TopicPartition tp = new TopicPartition(MARKERS, 0);
        long end;
        // everything written so far, committed or not: a read_committed consumer's end offset is the last stable
        // offset, which stops at the first transaction still open (another job's checkpoint commit), and would
        // hide the markers committed after it, so that outputs already committed were written again
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            end = c.endOffsets(List.of(tp)).get(tp);
        }
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + transactionTimeout.toNanos() + MARKERS_GRACE.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            while (c.position(tp) < end) { // past each open transaction once it commits or aborts
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the commit markers in " + MARKERS + " up to offset " + end
                            + " are not all readable after " + (transactionTimeout.plus(MARKERS_GRACE).toSeconds())
                            + " s (a transaction stays open past its timeout): cannot tell which outputs of the"
                            + " restored snapshot were committed");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    int space = v.indexOf(' ');
                    if (Objects.equals(writer, space < 0 ? null : v.substring(space + 1))) {
                        out.merge(new String(r.key(), StandardCharsets.UTF_8),
                                Long.parseLong(space < 0 ? v : v.substring(0, space)), Math::max);
                    }
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
