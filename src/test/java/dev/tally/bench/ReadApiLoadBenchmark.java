package dev.tally.bench;

import dev.tally.TallyApplication;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.RunningJob;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A bounded load test of the read API, loopback only, while a job ingests at full speed: the whole service
 * (embedded Kafka, H2, the web server) in this JVM; N yahoo-count events pre-loaded into a 4-partition topic; the
 * yahoo-count job (P=2, exactly-once checkpoints every 5 s) deployed over REST to catch up with the topic, once
 * alone (the baseline) and once while {@code clients} threads call, each in turn and as fast as answers come,
 * {@code GET /api/overview}, the ingesting job's {@code /results} and {@code /deployment}, and a job's
 * {@code /savepoints} (one savepoint in it). Prints, per endpoint, requests/s and p50/p99 latency, and the job's
 * ingest rate with and without the load, alternately in each of {@code runs} runs (medians). Any answer other than
 * 200 aborts the run. Arguments: {@code [events=4000000] [clients=8] [runs=3]}.
 */
public final class ReadApiLoadBenchmark {

    private static final String TOPIC = "load-events";
    private static final String[] PATHS = {"/api/overview", "/api/jobs/%s/results", "/api/jobs/%s/deployment",
            "/api/jobs/load-warmup/savepoints"};

    private final String base;
    private final String authorization;
    private final DeploymentService deployments;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ReadApiLoadBenchmark(String base, String authorization, DeploymentService deployments) {
        this.base = base;
        this.authorization = authorization;
        this.deployments = deployments;
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 4_000_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Scratch.dir("tally-load");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TallyApplication.class).run(
                "--server.address=127.0.0.1", "--server.port=0", "--tally.kafka.embedded-port=0",
                "--tally.demo.enabled=false", "--tally.jobs-dir=" + dir.resolve("no-jobs"),
                "--tally.data-dir=" + dir.resolve("data"), "--logging.level.root=WARN",
                "--spring.main.banner-mode=off")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            ReadApiLoadBenchmark b = new ReadApiLoadBenchmark("http://127.0.0.1:" + port,
                    Rest.adminAuthorization(app), app.getBean(DeploymentService.class));
            long produced = ThroughputBenchmark.produce(app.getBean(KafkaConnection.class).bootstrapServers(), TOPIC, n);
            System.out.printf("produced %,d events in %,d ms; %d clients%n", n, produced, clients);
            b.warmUp(n, clients);
            List<Double> alone = new ArrayList<>();
            List<Double> loaded = new ArrayList<>();
            Map<String, Latencies> all = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                alone.add(n / b.ingest("load-alone-" + r, n, 0, null));
                Map<String, Latencies> lat = new LinkedHashMap<>();
                loaded.add(n / b.ingest("load-busy-" + r, n, clients, lat));
                lat.forEach((k, v) -> all.computeIfAbsent(k, x -> new Latencies()).add(v));
                System.out.printf("run %d: ingest alone %.2f M/s, under load %.2f M/s%n", r + 1,
                        alone.get(r) / 1e6, loaded.get(r) / 1e6);
            }
            System.out.printf("%n| endpoint | requests/s | p50 | p99 |%n|---|---:|---:|---:|%n");
            all.forEach((path, l) -> System.out.printf("| `GET %s` | %,.0f | %.1f ms | %.1f ms |%n", path,
                    l.count() / l.seconds, l.percentile(0.50) / 1e6, l.percentile(0.99) / 1e6));
            double a = median(alone);
            double l = median(loaded);
            System.out.printf("%ningest, median of %d: alone %.2f M events/s; under load %.2f M events/s (%.0f %%)%n",
                    runs, a / 1e6, l / 1e6, 100 * l / a);
        }
    }

    /** A first catch-up to warm the JIT; it leaves a stopped job with one savepoint for the savepoints endpoint. */
    private void warmUp(long n, int clients) throws Exception {
        ingest("load-warmup", n, clients, new LinkedHashMap<>());
        call("POST", "/api/jobs/load-warmup/savepoints", "{}");
        call("POST", "/api/jobs/load-warmup/stop", null);
    }

    /**
     * Deploys job {@code name} over the whole topic and returns the seconds until it has read all {@code n}
     * events, while {@code clients} threads (0 = none) load the read API; their latencies go to {@code into}. The
     * job stays deployed (warm-up) or is stopped.
     */
    private double ingest(String name, long n, int clients, Map<String, Latencies> into) throws Exception {
        String spec = ThroughputBenchmark.yahoo("{ kind: kafka, topic: " + TOPIC + ", startFrom: earliest }")
                .replace("name: yahoo-count", "name: " + name) + "checkpoints: { interval: 5s }\n";
        call("POST", "/api/jobs", spec);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Map<String, Latencies>> perThread = new ArrayList<>();
        long started = System.nanoTime();
        call("POST", "/api/jobs/" + name + "/deploy", null);
        for (int c = 0; c < clients; c++) {
            Map<String, Latencies> mine = new LinkedHashMap<>();
            perThread.add(mine);
            int first = c;
            Thread t = new Thread(() -> load(name, first, done, mine), "load-client-" + c);
            t.start();
            threads.add(t);
        }
        RunningJob run = deployments.running(name).orElseThrow();
        while (run.metrics().recordsIn() < n) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        done.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (into != null) {
            for (Map<String, Latencies> m : perThread) {
                m.forEach((k, v) -> into.computeIfAbsent(k, x -> new Latencies()).add(v));
            }
            into.values().forEach(l -> l.seconds = seconds);
        }
        if (!name.equals("load-warmup")) {
            call("POST", "/api/jobs/" + name + "/stop", null);
        }
        return seconds;
    }

    /** One client: the endpoints in turn, starting at {@code first}, until {@code done}. */
    private void load(String job, int first, AtomicBoolean done, Map<String, Latencies> out) {
        for (int i = first; !done.get(); i++) {
            String template = PATHS[i % PATHS.length];
            long t0 = System.nanoTime();
            call("GET", template.formatted(job), null);
            out.computeIfAbsent(template.replace("%s", "{job}"), k -> new Latencies()).record(System.nanoTime() - t0);
        }
    }

    /** Every request of the benchmark goes through here (with the admin's bearer token). */
    private String call(String method, String path, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
        if (body == null) {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            r.header("Content-Type", body.startsWith("{") ? "application/json" : "application/yaml")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** Latencies of one endpoint, nanoseconds, and the seconds of load they were measured over. */
    private static final class Latencies {
        private long[] nanos = new long[1024];
        private int size;
        private double seconds;

        void record(long n) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = n;
        }

        /** Adds another thread's or run's latencies and load seconds (a thread's are 0: its run sets them). */
        void add(Latencies other) {
            for (int i = 0; i < other.size; i++) {
                record(other.nanos[i]);
            }
            seconds += other.seconds;
        }

        int count() {
            return size;
        }

        double percentile(double p) {
            long[] sorted = Arrays.copyOf(nanos, size);
            Arrays.sort(sorted);
            return sorted[Math.min(size - 1, (int) Math.ceil(p * size) - 1)];
        }
    }
}
