package dev.tally.bench;

import dev.tally.engine.io.decode.DecodedRow;
import dev.tally.engine.io.decode.FieldLayout;
import dev.tally.engine.io.decode.JsonDecoder;
import dev.tally.engine.io.generator.AdEventGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline of the throughput benchmarks: bare {@code KafkaConsumer}s on {@code threads} threads reading a
 * 4-partition yahoo-count topic to the end offsets found at start, decoding the 3 fields the job uses (with Tally's
 * own decoder) and counting views per campaign and 10 s window in a map. As its own process
 * ({@code main: servers topic threads events}) it prints
 * {@code first record read <ms> ms after the JVM started, read <n>}.
 */
public final class BareConsumers {

    private BareConsumers() {
    }

    public static void main(String[] args) throws Exception {
        AtomicLong first = new AtomicLong();
        long read = read(args[0], args[1], Integer.parseInt(args[2]), first);
        if (read != Long.parseLong(args[3])) {
            throw new IllegalStateException("read " + read + " of " + args[3]);
        }
        long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("first record read " + (first.get() - started) + " ms after the JVM started, read " + read);
    }

    /** Seconds for {@code threads} bare consumers to read, decode and count all {@code n} events of {@code topic}. */
    static double seconds(String servers, String topic, int threads, long n) throws Exception {
        long t0 = System.nanoTime();
        long read = read(servers, topic, threads, new AtomicLong());
        if (read != n) {
            throw new IllegalStateException("read " + read + " of " + n);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Reads everything; returns the records read and sets {@code first} to when the first was read (epoch ms). */
    private static long read(String servers, String topic, int threads, AtomicLong first) throws Exception {
        Map<String, String> campaigns = new HashMap<>();
        for (int i = 0; i < AdEventGenerator.CAMPAIGNS * AdEventGenerator.ADS_PER_CAMPAIGN; i++) {
            campaigns.put(AdEventGenerator.adId(i), AdEventGenerator.campaignOf(i));
        }
        AtomicLong read = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread w = new Thread(() -> consume(servers, topic, index, threads, campaigns, read, first));
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        return read.get();
    }

    private static void consume(String servers, String topic, int index, int threads, Map<String, String> campaigns,
            AtomicLong read, AtomicLong first) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("max.poll.records", 2000);
        FieldLayout layout = new FieldLayout(List.of("event_type", "ad_id", "event_time"));
        JsonDecoder decoder = new JsonDecoder(layout, 1 << 20);
        DecodedRow row = new DecodedRow(layout.size());
        Map<String, long[]> counts = new HashMap<>();
        long mine = 0;
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = index; i < 4; i += threads) {
                parts.add(new TopicPartition(topic, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                var records = c.poll(Duration.ofMillis(100));
                if (mine == 0 && !records.isEmpty()) {
                    first.compareAndSet(0, System.currentTimeMillis());
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    decoder.decode(r.value(), row);
                    if ("view".equals(row.get(0))) {
                        long ts = Long.parseLong((String) row.get(2));
                        String key = campaigns.get((String) row.get(1)) + "@" + (ts - ts % 10_000);
                        counts.computeIfAbsent(key, k -> new long[1])[0]++;
                    }
                    mine++; // counted per thread: a shared counter per record would slow the baseline down
                }
            }
        } finally {
            c.close(CloseOptions.timeout(Duration.ZERO)); // as Tally's readers: nothing to commit, so no waiting
            read.addAndGet(mine);
        }
    }
}
