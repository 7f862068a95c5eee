package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.control.system.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue #15, metrics: a deployment's engine counters scraped from {@code /actuator/prometheus} with the exact
 * figures of a known input, per reason and per subtask; its meters follow its runs (re-tagged by an upgrade,
 * removed by a stop), and JVM and HTTP meters are there.
 */
class MetricsEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnection kafka;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void scrapesTheExactCountsOfAKnownInputByReasonAndSubtask() throws Exception {
        String job = "metrics-known";
        KnownEvents.produce(kafka.bootstrapServers(), job);
        assertThat(api.post("/api/jobs", "application/yaml", KnownEvents.spec(job, job)).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> Prometheus.scrape(api)
                .value("tally_records_in_total", "job", job, "version", "1") == KnownEvents.RECORDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs/" + job + "/results").body()
                .get("metrics").get("resultsEmitted").asLong() == 4); // 2 windows x 2 campaigns (KnownEvents)
        Prometheus p = Prometheus.scrape(api);
        assertThat(p.value("tally_records_in_total", "job", job)).isEqualTo(KnownEvents.RECORDS);
        assertThat(p.value("tally_records_out_total", "job", job)).isEqualTo(4);
        assertThat(p.value("tally_records_filtered_total", "job", job)).isEqualTo(KnownEvents.FILTERED);
        assertThat(p.value("tally_records_dead_lettered_total", "job", job, "reason", "MALFORMED_JSON")).isEqualTo(1);
        assertThat(p.value("tally_records_dead_lettered_total", "job", job, "reason", "MISSING_TIMESTAMP"))
                .isEqualTo(1);
        assertThat(p.find("tally_records_dead_lettered_total", "job", job).stream().mapToDouble(
                Prometheus.Sample::value).sum()).isEqualTo(KnownEvents.DEAD_LETTERS);
        assertThat(p.value("tally_records_late_dropped_total", "job", job)).isZero();
        // the job runs at parallelism 1: one subtask, whose watermark is the job's
        assertThat(p.value("tally_watermark_seconds", "job", job, "subtask", "0") * 1000)
                .isEqualTo(api.get("/api/jobs/" + job + "/results").body().get("watermark").asDouble());
        assertThat(p.value("tally_event_time_lag_seconds", "job", job, "subtask", "0")).isPositive();
        assertThat(p.find("tally_subtask_idle_time_seconds_total", "job", job)).hasSize(1);
        assertThat(p.find("tally_reader_backpressured_time_seconds_total", "job", job)).isNotEmpty();
        assertThat(p.find("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(p.find("http_server_requests_seconds_count", "uri", "/api/jobs/{name}/results")).isNotEmpty();

        assertThat(api.post("/api/jobs/" + job + "/stop").status()).isEqualTo(200);
        assertThat(Prometheus.scrape(api).labelled("job", job)).as("no meter outlives its deployment").isEmpty();
    }

    @Test
    void anUpgradeRetagsTheMetersAndAStopRemovesThem() throws Exception {
        String job = "metrics-up";
        KnownEvents.produce(kafka.bootstrapServers(), job);
        String v1 = KnownEvents.spec(job, job);
        assertThat(api.post("/api/jobs", "application/yaml", v1).status()).isEqualTo(201);
        assertThat(api.post("/api/jobs/" + job + "/deploy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> Prometheus.scrape(api)
                .value("tally_records_in_total", "job", job, "version", "1") == KnownEvents.RECORDS);
        assertThat(api.post("/api/jobs", "application/yaml", v1.replace("end-to-end test job", "second version"))
                .body().get("version").asInt()).isEqualTo(2);

        Api.Response started = api.post("/api/jobs/" + job + "/upgrade", "application/json",
                "{\"version\":2,\"gate\":{\"checkpoints\":0,\"records\":false,\"watermark\":false}}");
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(202);
        String op = "/api/jobs/" + job + "/deployment/operations/" + started.body().get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> !api.get(op).body().get("state").asString()
                .equals("RUNNING"));
        assertThat(api.get(op).body().get("state").asString()).as(api.get(op).body().toString())
                .isEqualTo("SUCCEEDED");

        Prometheus p = Prometheus.scrape(api);
        assertThat(p.find("tally_records_in_total", "job", job, "version", "1")).as("old version's meters").isEmpty();
        assertThat(p.labelled("job", job).stream().filter(s -> "1".equals(s.labels().get("version")))).isEmpty();
        // the new run restored the whole-job counters from the savepoint
        assertThat(p.value("tally_records_in_total", "job", job, "version", "2")).isEqualTo(KnownEvents.RECORDS);
        assertThat(p.value("tally_records_dead_lettered_total", "job", job, "version", "2", "reason",
                "MALFORMED_JSON")).isEqualTo(1);
        assertThat(p.value("tally_savepoint_duration_seconds_count", "job", job)).isEqualTo(1);
        assertThat(p.value("tally_savepoint_duration_seconds_sum", "job", job)).isPositive();
        assertThat(p.value("tally_restore_duration_seconds_count", "job", job)).isEqualTo(1);
        // every meter the sample Grafana dashboard charts is scraped (savepoint and restore included, after these)
        String dashboard = Files.readString(Path.of("config/grafana/tally-dashboard.json"));
        Set<String> charted = Pattern.compile("tally_[a-z_]+").matcher(dashboard).results().map(MatchResult::group)
                .collect(Collectors.toSet());
        assertThat(charted).hasSizeGreaterThan(10);
        assertThat(charted).allSatisfy(name -> assertThat(p.find(name, "job", job)).as(name).isNotEmpty());

        assertThat(api.post("/api/jobs/" + job + "/stop").status()).isEqualTo(200);
        assertThat(Prometheus.scrape(api).labelled("job", job)).as("no meter outlives its deployment").isEmpty();
    }
}
