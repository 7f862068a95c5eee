package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.snapshot.Manifest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What the experiment tests share: the lifecycle tests' job (1 s tumbling counts per key of {@link Feed}'s events,
 * exactly-once into {@code <name>-out}), its deployment, and the expected counts computed from the generated input
 * alone: event {@code i} has key {@code k<i mod keys>}, time {@code T0 + 10 ms · i}, and sits at offset
 * {@code i / 2} of partition {@code i mod 2}, so a savepoint's offsets say exactly which events its state holds.
 */
abstract class ExperimentSupport extends EndToEndSupport {

    static final int KEYS = 10;

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    SnapshotStores stores;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    static String spec(String name, String extra) {
        return LifecycleEndToEndTests.spec(name, LifecycleEndToEndTests.CHECKPOINTS + extra);
    }

    void submit(String yaml) {
        Api.Response r = api.post("/api/jobs", "application/yaml", yaml);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    }

    /**
     * A fed, deployed job: {@code feed} has written 400 events, v1 runs with a completed checkpoint, v2 (v1 with
     * {@code v2Extra}) is submitted when not null, and the feed trickles.
     */
    Feed fedJob(String name, String v2Extra) throws Exception {
        Feed feed = new Feed(kafka.bootstrapServers(), name + "-in", KEYS);
        feed.send(400);
        submit(spec(name, ""));
        LifecycleEndToEndTests.deployAndAwaitCheckpoint(api, name);
        if (v2Extra != null) {
            submit(spec(name, v2Extra));
        }
        feed.startTrickle();
        return feed;
    }

    Api.Response startExperiment(String name, String json) {
        return api.post("/api/jobs/" + name + "/experiments", "application/json", json);
    }

    JsonNode experiment(String name, long id) {
        return api.get("/api/jobs/" + name + "/experiments/" + id).body();
    }

    /** Waits until the report has folded at least {@code windows} windows. */
    JsonNode awaitCompared(String name, long id, int windows) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode report = experiment(name, id).get("report");
            return report != null && !report.isNull() && report.get("windowsCompared").asLong() >= windows;
        });
        return experiment(name, id);
    }

    /** The next offset to read of each partition in a savepoint of the job. */
    Map<Integer, Long> positions(String name, String savepoint) {
        Map<Integer, Long> out = new HashMap<>();
        for (Manifest.SourcePartition p : stores.savepoint(name, savepoint).manifest().sources()) {
            out.put(p.partition(), p.position());
        }
        return out;
    }

    /**
     * The counts per {@code key@windowStart} of the first {@code events} events when key {@code dropped} is filtered
     * out of every event after the savepoint at {@code positions} (null: nothing filtered).
     */
    static Map<String, Long> expected(long events, String dropped, Map<Integer, Long> positions) {
        Map<String, Long> out = new HashMap<>();
        for (long i = 0; i < events; i++) {
            String key = "k" + (i % KEYS);
            boolean beforeSavepoint = positions != null && i / 2 < positions.get((int) (i % 2));
            if (key.equals(dropped) && !beforeSavepoint) {
                continue;
            }
            long t = Feed.T0 + 10 * i;
            out.merge(key + "@" + Math.floorDiv(t, 1000) * 1000, 1L, Long::sum);
        }
        return out;
    }

    /** Events written so far by {@code feed}. */
    static long events(Feed feed) {
        return (feed.lastTime() - Feed.T0) / 10 + 1;
    }

    /**
     * Every committed result of A's output topic, asserting each (key, window) was committed once.
     *
     * @return {@code key@windowStart} → count
     */
    Map<String, Long> committedOnce(String topic, Set<Integer> versions) {
        Map<String, Long> out = new HashMap<>();
        Map<String, String> where = new HashMap<>();
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        for (ConsumerRecord<byte[], byte[]> r : dev.tally.testing.CommittedRecords.read(kafka.bootstrapServers(),
                topic)) {
            JsonNode n = json.readTree(r.value());
            String cell = n.get("key").asString() + "@" + n.get("windowStart").asLong();
            Header v = r.headers().lastHeader("tally.version");
            String here = "v" + new String(v.value(), StandardCharsets.UTF_8) + " n=" + n.get("values").get("n")
                    + " at " + r.partition() + ":" + r.offset();
            Long before = out.put(cell, n.get("values").get("n").asLong());
            assertThat(before).as("%s committed once to %s: %s, then %s", cell, topic, where.get(cell), here).isNull();
            where.put(cell, here);
            assertThat(versions).as("version of %s in %s", cell, topic)
                    .contains(Integer.parseInt(new String(v.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }

    /** Waits until A has read everything written, then drains it: every window fires. */
    void drain(String name, Feed feed) {
        LifecycleEndToEndTests.drainAfterReadingAll(api, name, feed);
    }
}
