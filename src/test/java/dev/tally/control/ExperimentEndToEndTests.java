package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A/B experiments end to end (issue #14) against the embedded Kafka broker: b = a matches 100 %; b with a filter
 * reports exactly the differences computed from the generated input and the savepoint's offsets; abort and promote
 * each leave A's output topic with every window exactly once (read_committed), and nothing of b ever reaches it
 * before the promotion (each result's {@code tally.version} header says who wrote it).
 */
class ExperimentEndToEndTests extends ExperimentSupport {

    @Test
    void anExperimentOfTheSameVersionMatchesFullyAndAbortingItLeavesTheDeploymentExact() throws Exception {
        String name = "exp-same";
        try (Feed feed = fedJob(name, null)) {
            Api.Response taken = api.post("/api/jobs/" + name + "/savepoints", "application/json", "{}");
            assertThat(taken.status()).as(String.valueOf(taken.body())).isIn(200, 201);
            String chosen = taken.body().get("id").asString();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs/" + name + "/results").body()
                    .get("watermark").asLong() > positionsTime(name, chosen));

            Api.Response started = startExperiment(name, "{\"version\":1,\"savepoint\":\"" + chosen + "\"}");
            assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
            long id = started.body().get("id").asLong();
            String bTopic = name + "-out.experiment-" + id;
            assertThat(started.body().get("state").asString()).isEqualTo("RUNNING");
            assertThat(started.body().get("savepoint").asString()).isEqualTo(chosen);
            assertThat(started.body().get("savepointTaken").asBoolean()).as("chosen from the catalog").isFalse();
            assertThat(started.body().get("compareFrom").asLong()).as("after the windows A fired since the savepoint")
                    .isGreaterThan(positionsTime(name, chosen));
            assertThat(started.body().get("resultTopics").get(0).asString()).isEqualTo(bTopic);
            assertThat(started.body().get("transactionalId").asString()).isEqualTo("tally-" + name + "-experiment-" + id);

            JsonNode running = awaitCompared(name, id, 5);
            JsonNode report = running.get("report");
            assertThat(report.get("match").asLong()).isPositive();
            assertThat(report.get("differ").asLong() + report.get("onlyA").asLong() + report.get("onlyB").asLong())
                    .as(report.toString()).isZero();
            assertThat(report.get("exactMatchRate").asDouble()).isEqualTo(1.0);
            assertThat(running.get("a").get("recordsIn").asLong()).isPositive();
            assertThat(running.get("b").get("recordsIn").asLong()).isPositive();
            assertThat(running.get("b").get("results").asLong()).isPositive();
            assertThat(running.get("runState").asString()).isEqualTo("RUNNING");
            await().atMost(Duration.ofSeconds(30)).until(() -> !dev.tally.testing.CommittedRecords.read(
                    kafka.bootstrapServers(), bTopic).isEmpty());

            Api.Response upgrade = api.post("/api/jobs/" + name + "/upgrade", "application/json", "{\"version\":1,"
                    + "\"savepoint\":\"" + started.body().get("savepoint").asString() + "\"}");
            assertThat(upgrade.status()).isEqualTo(409);
            assertThat(upgrade.body().get("detail").asString()).contains("experiment " + id, "promote or abort");
            assertThat(api.post("/api/jobs/" + name + "/stop").status()).isEqualTo(409);
            assertThat(api.post("/api/jobs/" + name + "/experiments", "application/json", "{\"version\":1}")
                    .status()).as("one experiment per job").isEqualTo(409);

            Api.Response aborted = api.post("/api/jobs/" + name + "/experiments/" + id + "/abort");
            assertThat(aborted.status()).as(String.valueOf(aborted.body())).isEqualTo(200);
            assertThat(aborted.body().get("state").asString()).isEqualTo("ABORTED");
            assertThat(aborted.body().get("outcome").asString()).contains("deleted Kafka topics [" + bTopic + "]");
            await().atMost(Duration.ofSeconds(30)).until(() -> !topics().contains(bTopic));
            JsonNode after = experiment(name, id);
            assertThat(after.get("report").get("match").asLong()).as("the report stays readable")
                    .isGreaterThanOrEqualTo(report.get("match").asLong());
            assertThat(api.post("/api/jobs/" + name + "/experiments/" + id + "/abort").status()).isEqualTo(409);
            assertThat(api.get("/api/jobs/" + name + "/deployment/operations").body()).as("A untouched").isEmpty();
            assertThat(api.get("/api/audit?action=experiment.aborted").body().toString()).contains(
                    "/api/jobs/" + name + "/experiments/" + id);

            feed.stopTrickle();
            feed.send(100);
            drain(name, feed);
            assertThat(committedOnce(name + "-out", Set.of(1))).isEqualTo(expected(events(feed), null, null));
        }
    }

    @Test
    void anExperimentWithAFilterReportsExactlyItsDifferencesAndPromotingItKeepsEveryWindowOnce() throws Exception {
        String name = "exp-filter";
        try (Feed feed = fedJob(name, "filter: k != \"k3\"\n")) {

            Api.Response started = startExperiment(name, "{\"version\":2}");
            assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
            long id = started.body().get("id").asLong();
            Map<Integer, Long> positions = positions(name, started.body().get("savepoint").asString());
            long compareFrom = started.body().get("compareFrom").asLong();

            JsonNode report = awaitCompared(name, id, 4).get("report");
            assertReportIsExactly(report, expected(events(feed), null, null), expected(events(feed), "k3", positions),
                    compareFrom);
            assertThat(committedOnce(name + "-out", Set.of(1))).as("nothing of b in A's topic").isNotEmpty();

            Api.Response promoted = api.post("/api/jobs/" + name + "/experiments/" + id + "/promote",
                    "application/json", "{\"checkpoints\":2}");
            assertThat(promoted.status()).as(String.valueOf(promoted.body())).isEqualTo(200);
            assertThat(promoted.body().get("state").asString()).isEqualTo("PROMOTED");
            long op = promoted.body().get("operationId").asLong();
            String opPath = "/api/jobs/" + name + "/deployment/operations/" + op;
            await().atMost(Duration.ofSeconds(60)).until(() -> !api.get(opPath).body().get("state").asString()
                    .equals("RUNNING"));
            JsonNode upgrade = api.get(opPath).body();
            assertThat(upgrade.get("state").asString()).as(upgrade.toString()).isEqualTo("SUCCEEDED");
            assertThat(upgrade.get("toVersion").asInt()).isEqualTo(2);
            assertThat(experiment(name, id).get("report").get("windowsCompared").asLong()).as("kept after promote")
                    .isGreaterThanOrEqualTo(4);
            assertThat(api.get("/api/audit?action=experiment.promoted").body().toString()).contains(
                    "operation=" + op);
            await().atMost(Duration.ofSeconds(30)).until(() -> !topics().contains(name + "-out.experiment-" + id));

            feed.stopTrickle();
            feed.send(100);
            drain(name, feed);
            Map<Integer, Long> upgradedAt = positions(name, upgrade.get("savepoint").asString());
            assertThat(committedOnce(name + "-out", Set.of(1, 2)))
                    .isEqualTo(expected(events(feed), "k3", upgradedAt));
        }
    }

    /** The watermark of a savepoint of the job, epoch ms. */
    long positionsTime(String name, String savepoint) {
        return stores.savepoint(name, savepoint).manifest().watermark();
    }

    private static String cellsText(Map<String, long[]> cells) {
        StringBuilder out = new StringBuilder();
        cells.forEach((c, v) -> out.append(c).append('=').append(v[0]).append('/').append(v[1]).append(' '));
        return out.toString();
    }

    /**
     * The report's windows are exactly those after {@code compareFrom} that both sides closed, and each window's
     * counts and totals are those of the expected cells of A and b.
     */
    static void assertReportIsExactly(JsonNode report, Map<String, Long> a, Map<String, Long> b, long compareFrom) {
        long closed = Math.min(report.get("watermarkA").asLong(), report.get("watermarkB").asLong());
        List<Long> starts = report.get("windows").valueStream().map(w -> w.get("start").asLong()).toList();
        Set<Long> all = new java.util.TreeSet<>();
        a.keySet().forEach(c -> all.add(Long.parseLong(c.substring(c.indexOf('@') + 1))));
        List<Long> expectedStarts = all.stream().filter(s -> s + 999 > compareFrom && s + 999 <= closed).toList();
        assertThat(starts).as("windows compared").isEqualTo(expectedStarts);
        long[] sums = new long[4];
        for (JsonNode w : report.get("windows")) {
            long start = w.get("start").asLong();
            Map<String, long[]> cells = new HashMap<>();
            a.forEach((c, n) -> {
                if (c.endsWith("@" + start)) {
                    cells.computeIfAbsent(c, x -> new long[] {-1, -1})[0] = n;
                }
            });
            b.forEach((c, n) -> {
                if (c.endsWith("@" + start)) {
                    cells.computeIfAbsent(c, x -> new long[] {-1, -1})[1] = n;
                }
            });
            long[] counts = new long[4];
            long totalA = 0;
            long totalB = 0;
            for (long[] v : cells.values()) {
                int kind = v[0] < 0 ? 3 : v[1] < 0 ? 2 : v[0] == v[1] ? 0 : 1;
                counts[kind]++;
                totalA += Math.max(0, v[0]);
                totalB += Math.max(0, v[1]);
            }
            assertThat(new long[] {w.get("match").asLong(), w.get("differ").asLong(), w.get("onlyA").asLong(),
                    w.get("onlyB").asLong()}).as("window %d: match, differ, onlyA, onlyB; cells %s; compareFrom %d; report %s", start,
                            cellsText(cells), compareFrom, report).isEqualTo(counts);
            assertThat(w.get("totalA").asDouble()).isEqualTo(totalA);
            assertThat(w.get("totalB").asDouble()).isEqualTo(totalB);
            for (int i = 0; i < 4; i++) {
                sums[i] += counts[i];
            }
        }
        assertThat(new long[] {report.get("match").asLong(), report.get("differ").asLong(),
                report.get("onlyA").asLong(), report.get("onlyB").asLong()}).isEqualTo(sums);
        // k3 matches in a window whose k3 events were all read before the savepoint, else it differs or is only in A
        assertThat(sums[1] + sums[2]).as("k3 differs or is only in A").isPositive().isLessThanOrEqualTo(starts.size());
        assertThat(report.get("topDifferences").valueStream().map(d -> d.get("key").asString())).containsOnly("k3");
    }
}
