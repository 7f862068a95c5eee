package dev.tally.engine.io.kafka;

import dev.tally.engine.spec.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of a Kafka topic with one consumer, by manual assignment (no consumer group), only
 * committed records ({@code read_committed}). Not thread-safe, except {@link #wakeup()}.
 */
public final class KafkaSource implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final SourceSpec.StartFrom startFrom;

    public KafkaSource(String bootstrapServers, String topic, SourceSpec.StartFrom startFrom, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startFrom == SourceSpec.StartFrom.LATEST ? "latest" : "earliest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.startFrom = startFrom;
    }

    /**
     * Assigns all partitions of the topic.
     *
     * @return the number of partitions, 0 if the topic does not exist (yet)
     */
    public int assignAll(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return 0;
        }
        List<TopicPartition> parts = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            parts.add(new TopicPartition(topic, i));
        }
        consumer.assign(parts);
        if (startFrom == SourceSpec.StartFrom.LATEST) {
            consumer.seekToEnd(parts);
        } else {
            consumer.seekToBeginning(parts);
        }
        return parts.size();
    }

    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        return consumer.poll(timeout);
    }

    /** Makes a blocked {@link #poll} return at once; callable from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
