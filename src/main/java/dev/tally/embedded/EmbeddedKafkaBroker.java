package dev.tally.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker running inside the current JVM, in KRaft mode with the broker
 * and the controller combined in one process ({@code process.roles=broker,controller}, node id 1).
 *
 * <p>Both listeners (PLAINTEXT for clients, CONTROLLER for the quorum) bind to {@code 127.0.0.1} only.
 * The data directory is formatted as KRaft storage on first use; its {@code meta.properties} keeps the
 * cluster id, so starting again on the same directory reuses the existing topics, offsets and
 * transactions. Settings suit one node: replication factor 1 and min ISR 1 everywhere (so transactions
 * and consumer groups work), automatic topic creation with 4 partitions, no initial rebalance delay.
 *
 * <p>Thread safety: {@link #start} may be called from any thread; a data directory is locked while its
 * broker runs, so a second broker on the same directory (in this or another JVM) fails to start.
 * {@link #bootstrapServers()} may be read from any thread, and {@link #close()} is thread-safe and
 * idempotent (a concurrent caller waits until the first has finished shutting down).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final long STARTUP_TIMEOUT_MS = 30_000;
    private static final String META_PROPERTIES = "meta.properties";
    private static final String LOCK_FILE = ".embedded-kafka.lock";

    private final KafkaRaftServer server;
    private final FileChannel lock;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, FileChannel lock, String bootstrapServers) {
        this.server = server;
        this.lock = lock;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code dataDir} if needed, starts the broker and waits (at most about 30 s) until it
     * answers requests.
     *
     * @param dataDir directory holding all of the broker's data; created if missing
     * @param port    client port on 127.0.0.1, or 0 to pick a free one
     * @return the running broker; close it to stop it
     * @throws IllegalStateException if formatting fails or the broker is not ready in time
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_TIMEOUT_MS);
        Path dir = dataDir.toAbsolutePath().normalize();
        int[] ports = freePorts(port);
        Properties config = config(dir, ports[0], ports[1]);
        FileChannel lock = lock(dir);
        EmbeddedKafkaBroker broker = null;
        try {
            formatIfNeeded(dir, config);
            // KafkaConfig's constructor (not its static factories) compiles against kafka_2.13 alone
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
            broker = new EmbeddedKafkaBroker(server, lock, HOST + ":" + ports[0]);
            server.startup(); // returns once the broker is registered and unfenced
            broker.awaitReady(deadline);
            return broker;
        } catch (IOException | RuntimeException e) {
            try {
                if (broker != null) {
                    broker.close();
                } else {
                    lock.close();
                }
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("Embedded Kafka broker on " + HOST + ":" + ports[0]
                    + " (data in " + dir + ") failed to start: " + e.getMessage(), e);
        }
    }

    /** The address clients connect to, such as {@code 127.0.0.1:41234}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Shuts the broker down and waits until it has stopped. Does nothing if already closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            try {
                lock.close(); // releases the data directory
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Locks the data directory for this broker. Kafka's own {@code .lock} is taken only once the
     * controller has already opened the metadata log, too late to keep a second broker out.
     */
    private static FileChannel lock(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() != null) {
                    return channel;
                }
            } catch (OverlappingFileLockException e) {
                // held by another broker in this JVM
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock Kafka data directory " + dir, e);
        }
        throw new IllegalStateException("Kafka data directory " + dir + " is in use by another broker");
    }

    private static Properties config(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("server.max.startup.time.ms", String.valueOf(STARTUP_TIMEOUT_MS));
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "4");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // topics keep Kafka's 1 GiB segments: on the 2-core test machine every segment roll held up the broker's
        // appends and fetches for 80-150 ms, and with 16 MiB segments 125 k events/s rolled all four partitions
        // every ~3 s, which set the p99 of the result latency (LatencyBenchmark)
        p.put("offsets.topic.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("transaction.state.log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        return p;
    }

    /** Formats the directory unless it already holds a {@code meta.properties} (and so a cluster id). */
    private static void formatIfNeeded(Path dir, Properties config) throws IOException {
        if (Files.exists(dir.resolve(META_PROPERTIES))) {
            return;
        }
        // kafka-storage's "format" reads the broker configuration from a file only
        Path file = Files.createTempFile("embedded-kafka-", ".properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                config.store(writer, null);
            }
            String[] args = {"format", "--config", file.toString(),
                    "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"};
            if (StorageTool.execute(args, out) != 0) {
                throw new IllegalStateException("formatting the storage failed: " + output.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Waits until an Admin client sees this node in the cluster. */
    private void awaitReady(long deadline) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new IllegalStateException("not ready after " + STARTUP_TIMEOUT_MS + " ms", last);
                }
                try {
                    DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) remainingMs);
                    if (!admin.describeCluster(options).nodes().get(remainingMs, TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    /** The client port ({@code port}, or a free one if 0) and a different free port for the controller. */
    private static int[] freePorts(int port) {
        try {
            InetAddress loopback = InetAddress.getByName(HOST);
            try (ServerSocket first = new ServerSocket(0, 50, loopback);
                 ServerSocket second = new ServerSocket(0, 50, loopback)) {
                int controller = second.getLocalPort() == port ? first.getLocalPort() : second.getLocalPort();
                return new int[] {port == 0 ? first.getLocalPort() : port, controller};
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }
}
