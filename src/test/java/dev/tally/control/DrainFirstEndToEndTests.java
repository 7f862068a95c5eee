package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.cli.BoundedRun;
import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.window.WindowResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Restore with policy drain-first into a version with another window size: the old version's windows fire into
 * every output the job has (the result table and its counters here, no Kafka sink), with the values a bounded
 * run of the old version over the same input gives them.
 */
class DrainFirstEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    /** A result as (window start, window end, key, views). */
    private record Row(long start, long end, String key, long views) {
    }

    @Test
    void drainFirstDeliversTheOldVersionsWindowsToTheResultTable() throws Exception {
        Api api = new Api(port);
        KnownEvents.produce(kafka.bootstrapServers(), "e2e-drain");
        String v1 = KnownEvents.spec("e2e-drain", "e2e-drain");
        assertThat(api.post("/api/jobs", "application/yaml", v1).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/e2e-drain/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(api).size() == 4);
        Set<Row> firedBefore = rows(api);
        Api.Response savepoint = api.post("/api/jobs/e2e-drain/savepoints", "application/json", "{\"stop\":true}");
        assertThat(savepoint.status()).as(String.valueOf(savepoint.body())).isEqualTo(201);

        assertThat(api.post("/api/jobs", "application/yaml", v1.replace("size: 10s", "size: 5s")).status())
                .isEqualTo(201);
        Api.Response deployed = api.post("/api/jobs/e2e-drain/deploy?savepoint="
                + savepoint.body().get("id").asString() + "&policy=drain-first");
        assertThat(deployed.status()).as(String.valueOf(deployed.body())).isEqualTo(200);

        Set<Row> bounded = boundedRun(v1);
        Set<Row> drained = new HashSet<>(bounded);
        drained.removeAll(firedBefore);
        assertThat(drained).as("the savepoint holds open windows").isNotEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rows(api)).containsAll(drained));
        // whole-job figures: the counters come back with the savepoint, then the drained windows add to them
        assertThat(api.get("/api/jobs/e2e-drain/results").body().get("metrics").get("resultsEmitted").asLong())
                .isEqualTo(firedBefore.size() + drained.size());
        // with the results version 1 fired before the savepoint (kept across the stop): all of the bounded run's
        assertThat(rows(api)).isEqualTo(bounded);
        assertThat(api.post("/api/jobs/e2e-drain/stop").status()).isEqualTo(200);
    }

    /** The old version over the same events from a file, to its end (watermark +∞ fires every window). */
    private Set<Row> boundedRun(String spec) throws Exception {
        Path input = KnownEvents.writeFile(Files.createTempFile(Path.of("target"), "known-events-", ".jsonl"));
        String fileSpec = spec.replace("source: { kind: kafka, topic: e2e-drain, startFrom: earliest }",
                "source: { kind: file, path: " + input.toAbsolutePath() + " }");
        List<WindowResult> results = BoundedRun.run(SpecParser.parse(fileSpec, true).spec(),
                EngineConfig.defaults(kafka.bootstrapServers(), Path.of("").toAbsolutePath()), false).results();
        Set<Row> out = new HashSet<>();
        results.forEach(r -> out.add(new Row(r.start(), r.end(), r.key(), r.values().longValue(0))));
        return out;
    }

    private static Set<Row> rows(Api api) {
        Set<Row> out = new HashSet<>();
        for (JsonNode r : api.get("/api/jobs/e2e-drain/results?windows=10").body().get("results")) {
            out.add(new Row(r.get("windowStart").asLong(), r.get("windowEnd").asLong(), r.get("key").asString(),
                    r.get("values").get("views").asLong()));
        }
        return out;
    }
}
