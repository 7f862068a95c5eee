package dev.tally.control.replay;

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
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A topic's partitions with their earliest offset (log start: below it retention deleted the records) and end
 * offset as a {@code read_committed} consumer sees it (the last stable offset). Asks Kafka each time, with an
 * Admin client made for the call. Thread-safe.
 */
final class TopicOffsets {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;

    TopicOffsets(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @param partitions the topic's partition count
     * @param earliest   partition → earliest offset still in the topic
     * @param latest     partition → end offset (read_committed)
     */
    record Bounds(int partitions, Map<Integer, Long> earliest, Map<Integer, Long> latest) {
    }

    /**
     * @throws IllegalArgumentException naming {@code range} when the topic does not exist or Kafka does not answer
     */
    Bounds bounds(String topic) {
        int ms = (int) TIMEOUT.toMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ms, TimeUnit.MILLISECONDS).get(topic);
            int n = d.partitions().size();
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            return new Bounds(n, ask(admin, tps, OffsetSpec.earliest()), ask(admin, tps, OffsetSpec.latest()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("range: the job's topic " + topic + " does not exist");
            }
            throw new IllegalArgumentException("range: cannot ask Kafka for the offsets of topic " + topic + ": "
                    + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("range: Kafka did not tell the offsets of topic " + topic + " within "
                    + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for offsets", e);
        }
    }

    private static Map<Integer, Long> ask(Admin admin, List<TopicPartition> tps, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        tps.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> out = new HashMap<>();
        info.forEach((tp, i) -> out.put(tp.partition(), i.offset()));
        return out;
    }
}
