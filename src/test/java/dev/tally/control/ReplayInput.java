package dev.tally.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A generated input for replay tests and the expected per-window outcome of replaying "views with v >= 5"
 * against "all views", computed here by plain arithmetic over the generated events (not by the engine).
 * Events: {@code {"k","v","kind","t"}}, 10 keys, v in 0..9, a third of them clicks, 5 ms apart in event time
 * with up to 100 ms of disorder (within the jobs' 200 ms out-of-orderness: nothing is late), spread over the
 * partitions at random; then a "flush" event per partition an hour later that closes every window.
 */
final class ReplayInput {

    static final long T0 = 1_700_000_000_000L;

    /** One generated event. */
    record Event(int partition, String key, int v, String kind, long t) {

        String json() {
            return "{\"k\":\"" + key + "\",\"v\":" + v + ",\"kind\":\"" + kind + "\",\"t\":" + t + "}";
        }
    }

    /** Expected figures of one 1 s window: cells per outcome, and the sum of the count over keys per side. */
    record WindowExpectation(long start, long match, long differ, long onlyA, long onlyB, long totalA, long totalB) {
    }

    private ReplayInput() {
    }

    static List<Event> events(int n, int partitions, long seed) {
        Random random = new Random(seed);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Event(random.nextInt(partitions), "k" + random.nextInt(10), random.nextInt(10),
                    random.nextInt(3) == 0 ? "click" : "view", T0 + i * 5L + random.nextInt(100)));
        }
        for (int p = 0; p < partitions; p++) {
            out.add(new Event(p, "k0", 0, "flush", T0 + 3_600_000L));
        }
        return out;
    }

    static String spec(String job, String topic, String filter, String sinks) {
        return """
                name: %s
                source: { kind: kafka, topic: %s }
                time: { field: t, outOfOrderness: 200ms }
                filter: %s
                key: k
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count }, { name: v, kind: sum, field: v } ]
                %s
                parallelism: 2
                """.formatted(job, topic, filter, sinks);
    }

    static void produce(String bootstrapServers, String topic, int partitions, List<Event> events) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            // a produce request that reaches a partition before its leader is elected fails and is retried with
            // back-off; with several batches in flight that cost this input two minutes once
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrapServers, "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic); // waits for the producer's own metadata of the topic
            for (Event e : events) {
                producer.send(new ProducerRecord<>(topic, e.partition(), null, e.json().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Appends events to an existing topic. */
    static void produce2(String bootstrapServers, String topic, List<Event> events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(topic, e.partition(), null, e.json().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    static void write(Path file, List<Event> events) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, events.stream().map(Event::json).toList(), StandardCharsets.UTF_8);
    }

    /** Window start → key → {count, sum} of the events {@code keep} accepts. */
    private static TreeMap<Long, TreeMap<String, long[]>> cells(List<Event> events, int minV) {
        TreeMap<Long, TreeMap<String, long[]>> out = new TreeMap<>();
        for (Event e : events) {
            if (!e.kind().equals("view") || e.v() < minV) {
                continue;
            }
            long start = e.t() - Math.floorMod(e.t(), 1000L);
            long[] c = out.computeIfAbsent(start, s -> new TreeMap<>()).computeIfAbsent(e.key(), k -> new long[2]);
            c[0]++;
            c[1] += e.v();
        }
        return out;
    }

    /** Per window, A = every view, B = views with v >= 5. */
    static List<WindowExpectation> expected(List<Event> events) {
        TreeMap<Long, TreeMap<String, long[]>> a = cells(events, 0);
        TreeMap<Long, TreeMap<String, long[]>> b = cells(events, 5);
        List<WindowExpectation> out = new ArrayList<>();
        for (long start : a.keySet()) {
            long match = 0;
            long differ = 0;
            long onlyA = 0;
            long totalA = 0;
            long totalB = 0;
            TreeMap<String, long[]> bw = b.getOrDefault(start, new TreeMap<>());
            for (Map.Entry<String, long[]> cell : a.get(start).entrySet()) {
                long[] x = cell.getValue();
                long[] y = bw.get(cell.getKey());
                totalA += x[0];
                if (y == null) {
                    onlyA++;
                } else if (x[0] == y[0] && x[1] == y[1]) {
                    match++;
                } else {
                    differ++;
                }
            }
            for (long[] y : bw.values()) {
                totalB += y[0];
            }
            out.add(new WindowExpectation(start, match, differ, onlyA, 0, totalA, totalB));
        }
        return out;
    }
}
