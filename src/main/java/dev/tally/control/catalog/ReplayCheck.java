package dev.tally.control.catalog;

import dev.tally.control.system.KafkaConnection;
import dev.tally.engine.snapshot.Manifest;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.stereotype.Component;

/**
 * Asks Kafka whether a snapshot's saved source offsets can still be read: for every saved partition, the
 * earliest offset still in the topic ({@code Admin.listOffsets} with {@link OffsetSpec#earliest()}) must not be
 * above the saved position (the next offset the job would read). Records below the log start offset were
 * deleted by retention or {@code deleteRecords}; restoring such a snapshot would skip them in silence. One Admin
 * client for the service's Kafka, made on first use; thread-safe.
 */
@Component
class ReplayCheck {

    private final KafkaConnection kafka;
    private final Duration timeout;
    private Admin admin;

    ReplayCheck(KafkaConnection kafka, CatalogProperties props) {
        this.kafka = kafka;
        this.timeout = props.kafkaTimeout();
    }

    /** Kafka did not answer in time or failed: replayability is unknown. */
    static final class KafkaUnavailableException extends RuntimeException {

        KafkaUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What makes the saved offsets unreadable, or null when every one can still be read.
     *
     * @param topic      the source topic
     * @param servers    the source's own bootstrap servers, or null for the service's Kafka
     * @param partitions saved position (next offset to read) per partition
     * @return e.g. "partition 0 of topic t: saved offset 3, earliest offset 5 (offsets 3..4 were deleted)";
     *         several partitions are joined by "; "
     * @throws KafkaUnavailableException when Kafka cannot be asked within the timeout
     */
    String problem(String topic, String servers, List<Manifest.SourcePartition> partitions) {
        if (servers == null || servers.equals(kafka.bootstrapServers())) {
            return problem(shared(), topic, partitions);
        }
        try (Admin own = create(servers)) {
            return problem(own, topic, partitions);
        }
    }

    private String problem(Admin a, String topic, List<Manifest.SourcePartition> partitions) {
        TopicDescription description;
        try {
            description = a.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return "topic " + topic + " does not exist any more: none of the saved offsets can be read";
            }
            throw unavailable(topic, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw unavailable(topic, e);
        }
        int count = description.partitions().size();
        List<String> problems = new ArrayList<>();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (Manifest.SourcePartition p : partitions) {
            if (p.partition() >= count) {
                problems.add("partition " + p.partition() + " of topic " + topic + " does not exist any more");
            } else {
                ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest;
        try {
            earliest = a.listOffsets(ask).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(topic, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw unavailable(topic, e);
        }
        for (Manifest.SourcePartition p : partitions) {
            ListOffsetsResult.ListOffsetsResultInfo info = earliest.get(new TopicPartition(topic, p.partition()));
            if (info != null && info.offset() > p.position()) {
                problems.add("partition " + p.partition() + " of topic " + topic + ": saved offset " + p.position()
                        + ", earliest offset " + info.offset() + " (offsets " + p.position() + ".."
                        + (info.offset() - 1) + " were deleted)");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private KafkaUnavailableException unavailable(String topic, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String why = cause instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                : cause.getMessage();
        return new KafkaUnavailableException("cannot ask Kafka for the earliest offsets of topic " + topic + ": " + why,
                cause);
    }

    private synchronized Admin shared() {
        if (admin == null) {
            admin = create(kafka.bootstrapServers());
        }
        return admin;
    }

    private Admin create(String servers) {
        int ms = (int) timeout.toMillis();
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms));
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
