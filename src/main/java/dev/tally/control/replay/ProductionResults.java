package dev.tally.control.replay;

import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.Window;
import dev.tally.engine.window.WindowResult;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what production recorded: a job's Kafka result topic from its beginning to its end offsets now, with
 * {@code read_committed} (so an exactly-once job's uncommitted or aborted results are not seen), decoding each
 * record as {@link dev.tally.engine.io.kafka.ResultJson} writes it. Stateless; each call has its own consumer.
 */
final class ProductionResults {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ProductionResults() {
    }

    /**
     * Hands every result whose window passes {@code windows} (tested on start and on end) to {@code sink}, in
     * offset order per partition.
     *
     * @param valueNames the aggregate names, in the order of the result's values
     * @return the largest window end − 1 seen (a lower bound of production's watermark), or
     *         {@link Long#MIN_VALUE} when there was none
     * @throws IllegalStateException when a record is not a result of these values (naming partition and offset)
     */
    static long read(String bootstrapServers, String topic, List<String> valueNames, LongPredicate starts,
            LongPredicate ends, Consumer<WindowResult> sink) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tally-replay-baseline");
        long maxEnd = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return maxEnd; // production has not written a result yet
            }
            List<TopicPartition> tps = new ArrayList<>();
            infos.forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(10));
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(topic, r.partition()))) {
                        continue;
                    }
                    WindowResult w = decode(r, valueNames);
                    maxEnd = Math.max(maxEnd, w.end() - 1);
                    if (starts.test(w.start()) && ends.test(w.end())) {
                        sink.accept(w);
                    }
                }
            }
        }
        return maxEnd;
    }

    private static WindowResult decode(ConsumerRecord<byte[], byte[]> r, List<String> names) {
        try {
            JsonNode n = JSON.readTree(r.value());
            Number[] values = new Number[names.size()];
            JsonNode v = n.required("values");
            for (int i = 0; i < values.length; i++) {
                JsonNode x = v.get(names.get(i));
                if (x == null || x.isNull()) {
                    values[i] = null;
                } else if (x.isIntegralNumber()) {
                    BigInteger b = x.bigIntegerValue();
                    values[i] = b.bitLength() < 64 ? (Number) b.longValue() : b;
                } else {
                    values[i] = x.doubleValue();
                }
            }
            List<Window> replaces = new ArrayList<>();
            JsonNode rep = n.get("replaces");
            if (rep != null) {
                rep.forEach(w -> replaces.add(new Window(w.required("windowStart").longValue(),
                        w.required("windowEnd").longValue())));
            }
            return new WindowResult(n.required("key").asString(), n.required("windowStart").longValue(),
                    n.required("windowEnd").longValue(), ResultValues.of(values),
                    Firing.valueOf(n.required("firing").asString()), n.required("revision").intValue(), replaces);
        } catch (RuntimeException e) {
            throw new IllegalStateException("record " + r.offset() + " of partition " + r.partition() + " of topic "
                    + r.topic() + " is not a result of " + names + ": " + e.getMessage(), e);
        }
    }
}
