package dev.tally.control.experiment;

import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SinkSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The isolated outputs of an experiment's run b: every Kafka sink of b's spec goes to
 * {@code <topic>.experiment-<id>} instead of {@code <topic>}, with transactional ids prefixed
 * {@code tally-<job>-experiment-<id>} (A's are {@code tally-<job>}); b's result table is its own run's. Aborting
 * deletes those topics with Kafka's admin client. Stateless.
 */
final class ExperimentOutputs {

    private ExperimentOutputs() {
    }

    /** b's Kafka topic for A's {@code topic}. */
    static String topic(String topic, long experimentId) {
        return topic + ".experiment-" + experimentId;
    }

    /** b's outputs: its topics and transactional-id prefix. */
    static Experiment.Outputs of(JobSpec b, long experimentId) {
        List<String> results = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>();
        for (SinkSpec s : b.sinks()) {
            if (s.kind() == SinkSpec.Kind.KAFKA) {
                String t = topic(s.topic(), experimentId);
                all.add(t);
                if (s.output() == SinkSpec.Output.RESULTS) {
                    results.add(t);
                }
            }
        }
        return new Experiment.Outputs(results, List.copyOf(all), "tally-" + b.name() + "-experiment-" + experimentId);
    }

    /** b's spec writing into its own topics (everything else as given). */
    static JobSpec isolate(JobSpec b, long experimentId) {
        List<SinkSpec> sinks = b.sinks().stream().map(s -> s.kind() == SinkSpec.Kind.KAFKA
                ? new SinkSpec(s.kind(), topic(s.topic(), experimentId), s.output()) : s).toList();
        return new JobSpec(b.name(), b.description(), b.source(), b.time(), b.filter(), b.key(), b.lookups(),
                b.window(), b.trigger(), b.evictor(), b.allowedLateness(), b.aggregates(), sinks, b.parallelism(),
                b.maxParallelism(), b.checkpoints());
    }

    /**
     * Deletes b's topics; a topic that is not there (b never wrote to it) is not an error.
     *
     * @return the topics deleted
     * @throws IllegalStateException when Kafka refuses or does not answer within 30 s, naming the topic
     */
    static List<String> delete(String bootstrapServers, List<String> topics) {
        List<String> deleted = new ArrayList<>();
        if (topics.isEmpty()) {
            return deleted;
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            var result = admin.deleteTopics(topics).topicNameValues();
            for (String t : topics) {
                try {
                    result.get(t).get(30, TimeUnit.SECONDS);
                    deleted.add(t);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new IllegalStateException("cannot delete topic " + t + ": " + e.getCause().getMessage(),
                                e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not delete topic " + t + " within 30 s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while deleting topic " + t, e);
                }
            }
        }
        return deleted;
    }
}
