package dev.tally.flink;

import dev.tally.engine.spec.CheckpointSpec;
import dev.tally.engine.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka sinks for a job's outputs, writing the records the embedded engine writes (key, JSON or original value, a
 * {@code tally.reason} header on dead letters). Exactly once when the spec's checkpoints are: one Kafka
 * transaction per checkpoint, with a transactional id prefix stable across restarts and upgrades of the same Tally
 * job and output ({@code tally-<job>-<output>}), and the spec's transaction timeout. Stateless.
 */
final class KafkaOutputs {

    /** The header naming why a record is a dead letter (as the embedded engine writes it). */
    static final String REASON_HEADER = "tally.reason";
    /** The header with a dead letter's detail. */
    static final String DETAIL_HEADER = "tally.detail";

    private KafkaOutputs() {
    }

    static KafkaSink<OutputRecord> sink(JobSpec spec, String tallyJob, String output, String topic,
            String bootstrapServers) {
        boolean exactlyOnce = spec.exactlyOnceKafka();
        var builder = KafkaSink.<OutputRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new Serializer(topic))
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix("tally-" + tallyJob + "-" + output);
            CheckpointSpec c = spec.checkpoints();
            if (c.transactionTimeout() != null) {
                builder.setProperty("transaction.timeout.ms", Long.toString(c.transactionTimeout().toMillis()));
            }
        }
        return builder.build();
    }

    /** One output record as one Kafka record of {@code topic}. */
    private record Serializer(String topic) implements KafkaRecordSerializationSchema<OutputRecord> {
        @Override
        public ProducerRecord<byte[], byte[]> serialize(OutputRecord r, KafkaSinkContext context, Long timestamp) {
            ProducerRecord<byte[], byte[]> p = new ProducerRecord<>(topic,
                    r.key == null ? null : r.key.getBytes(StandardCharsets.UTF_8), r.value);
            if (r.reason != null) {
                p.headers().add(REASON_HEADER, r.reason.getBytes(StandardCharsets.UTF_8));
            }
            if (r.detail != null) {
                p.headers().add(DETAIL_HEADER, r.detail.getBytes(StandardCharsets.UTF_8));
            }
            return p;
        }
    }
}
