package dev.tally.control.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.control.system.KafkaConnection;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

/** The storage and Kafka health components against a real directory and a real closed port. */
class HealthIndicatorTests {

    @TempDir
    Path dir;

    @Test
    void storageIsUpWhenWritableWithSpaceAboveTheThreshold() {
        Health h = new StorageHealthIndicator(dir.resolve("data"), DataSize.ofMegabytes(1)).health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat((Long) h.getDetails().get("free")).isGreaterThan(DataSize.ofMegabytes(1).toBytes());
        assertThat(dir.resolve("data")).isEmptyDirectory();
    }

    @Test
    void storageIsDownBelowTheThreshold() {
        Health h = new StorageHealthIndicator(dir, DataSize.parse("1000000TB")).health();
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) h.getDetails().get("error")).contains("below the threshold", "tally.health.min-free-space");
    }

    @Test
    void storageIsDownWhenTheDataDirectoryCannotBeWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory"); // fails even for root
        Health h = new StorageHealthIndicator(file.resolve("data"), DataSize.ofMegabytes(1)).health();
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) h.getDetails().get("error")).startsWith("data directory not writable");
    }

    @Test
    void kafkaIsDownWhenNoBrokerAnswersInTime() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        KafkaHealthIndicator kafka = new KafkaHealthIndicator(new KafkaConnection("127.0.0.1:" + port, null),
                Duration.ofMillis(500));
        try {
            long started = System.nanoTime();
            Health h = kafka.health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) h.getDetails().get("error")).contains("no answer to describe-cluster within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            kafka.close();
        }
    }
}
