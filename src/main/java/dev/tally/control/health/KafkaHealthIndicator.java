package dev.tally.control.health;

import dev.tally.control.system.KafkaConnection;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code kafka}: UP when the cluster answers a describe-cluster request within
 * {@code tally.health.kafka-timeout} (default 2 s); details: cluster id, broker count and the bootstrap address.
 * DOWN with the reason otherwise. One admin client is kept for the probes and closed at shutdown. Part of the
 * readiness group.
 */
@Component
class KafkaHealthIndicator implements HealthIndicator {

    private final KafkaConnection kafka;
    private final Duration timeout;
    private Admin admin;

    KafkaHealthIndicator(KafkaConnection kafka, @Value("${tally.health.kafka-timeout:2s}") Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            DescribeClusterResult cluster = admin().describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            long waitMs = timeout.toMillis() + 500; // the request's own timeout answers first
            String id = cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("clusterId", id).withDetail("brokers", brokers)
                    .withDetail("bootstrapServers", kafka.bootstrapServers()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Health.down().withDetail("bootstrapServers", kafka.bootstrapServers())
                    .withDetail("error", "no answer to describe-cluster within " + timeout.toMillis() + " ms: "
                            + cause.getClass().getSimpleName()).build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "tally-health",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
