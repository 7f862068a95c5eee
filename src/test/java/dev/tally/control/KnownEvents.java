package dev.tally.control;

import dev.tally.engine.io.generator.AdEventGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A small, hand-checked input for end-to-end tests: ad events in two 10 s windows on two partitions, with
 * disorder, a filtered click, a malformed record and one without a timestamp, then a closing event per
 * partition that moves the watermark past both windows.
 */
final class KnownEvents {

    static final long T0 = 1_700_000_000_000L;
    static final int PARTITIONS = 2;

    private KnownEvents() {
    }

    /** Expected counts of views: window start → campaign → count. */
    static final Map<Long, Map<String, Long>> EXPECTED = Map.of(
            T0, Map.of("campaign-000", 2L, "campaign-001", 1L),
            T0 + 10_000, Map.of("campaign-000", 3L, "campaign-002", 1L));

    /** Records written, filtered out, and dead-lettered. */
    static final long RECORDS = 13;
    static final long FILTERED = 2;
    static final long DEAD_LETTERS = 2;

    static String spec(String job, String topic) {
        return """
                name: %s
                description: end-to-end test job
                source: { kind: kafka, topic: %s, startFrom: earliest }
                time: { field: event_time, format: epoch-millis, outOfOrderness: 1s }
                filter: event_type == "view"
                key: lookup("campaigns", ad_id)
                lookups: [ { name: campaigns, file: config/campaigns.csv } ]
                window: { kind: tumbling, size: 10s }
                aggregates: [ { name: views, kind: count } ]
                """.formatted(job, topic);
    }

    /** Creates the topic and writes the events. */
    static void produce(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String[] e : events()) {
                producer.send(new ProducerRecord<>(topic, Integer.parseInt(e[0]), null,
                        e[1].getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** The same events as JSON lines in one file (one partition, in the order written), for a bounded run. */
    static Path writeFile(Path file) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (String[] e : events()) {
            sb.append(e[1]).append('\n');
        }
        return java.nio.file.Files.writeString(file, sb);
    }

    /** Partition and text of each event, in the order written. */
    private static List<String[]> events() {
        List<String[]> events = new ArrayList<>();
        // window [T0, T0+10s): campaign-000 (ads 0-9) two views, campaign-001 (ads 10-19) one view
        events.add(new String[] {"0", event(3, "view", T0 + 1_000)});
        events.add(new String[] {"1", event(12, "view", T0 + 2_000)});
        events.add(new String[] {"0", event(7, "click", T0 + 2_500)});
        events.add(new String[] {"1", event(0, "view", T0 + 9_999)});
        events.add(new String[] {"0", "{\"ad_id\": \"truncated"});
        events.add(new String[] {"1", "{\"ad_id\":\"x\",\"event_type\":\"view\"}"});
        // window [T0+10s, T0+20s), with an event 800 ms out of order in its partition that is still on time
        // (whatever the interleaving of partitions, no watermark can pass T0+20s before the closing events)
        events.add(new String[] {"0", event(9, "view", T0 + 10_500)});
        events.add(new String[] {"0", event(25, "view", T0 + 11_000)});
        events.add(new String[] {"0", event(1, "view", T0 + 10_200)});
        events.add(new String[] {"1", event(5, "view", T0 + 12_000)});
        events.add(new String[] {"1", event(5, "purchase", T0 + 13_000)});
        // closing events: move every partition's watermark past T0+20s (their window never fires)
        events.add(new String[] {"0", event(0, "view", T0 + 60_000)});
        events.add(new String[] {"1", event(0, "view", T0 + 60_000)});
        return events;
    }

    private static String event(int ad, String type, long time) {
        return "{\"user_id\":\"u\",\"page_id\":\"p\",\"ad_id\":\"" + AdEventGenerator.adId(ad) + "\",\"ad_type\":\"banner\","
                + "\"event_type\":\"" + type + "\",\"event_time\":\"" + time + "\",\"ip_address\":\"1.2.3.4\"}";
    }
}
