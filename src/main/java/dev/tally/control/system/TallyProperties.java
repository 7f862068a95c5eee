package dev.tally.control.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code tally.*}.
 *
 * @param dataDir  where Tally keeps its files (database, embedded Kafka)
 * @param workDir  the lookup directory: relative paths in job specs (lookup files, file sources) resolve against
 *                 it, and a submitted spec may read no file outside it
 * @param jobsDir  job specs deployed at start-up
 * @param kafka    Kafka connection; empty bootstrap servers start an embedded broker
 * @param demo     the demo event generator
 */
@ConfigurationProperties("tally")
public record TallyProperties(
        @DefaultValue("./data") String dataDir,
        @DefaultValue(".") String workDir,
        @DefaultValue("config/jobs") String jobsDir,
        @DefaultValue Kafka kafka,
        @DefaultValue Demo demo) {

    // Paths are bound as text: Spring would resolve a relative Path against the servlet context, not the
    // working directory.

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public Path workPath() {
        return Path.of(workDir).toAbsolutePath().normalize();
    }

    public Path jobsPath() {
        return workPath().resolve(jobsDir).normalize();
    }

    /**
     * @param bootstrapServers address of an existing Kafka cluster; empty = start the embedded broker
     * @param embeddedPort     port of the embedded broker on 127.0.0.1 (0 = any free port)
     */
    public record Kafka(@DefaultValue("") String bootstrapServers, @DefaultValue("9092") int embeddedPort) {

        public boolean embedded() {
            return bootstrapServers == null || bootstrapServers.isBlank();
        }
    }

    /**
     * @param enabled    whether the generator runs
     * @param topic      topic it writes to
     * @param partitions partitions of that topic when the generator creates it
     * @param rate       events per second
     * @param retention  how long the topic keeps events
     */
    public record Demo(@DefaultValue("true") boolean enabled, @DefaultValue("ad-events") String topic,
            @DefaultValue("4") int partitions, @DefaultValue("500") int rate,
            @DefaultValue("1h") Duration retention) {

        public Demo {
            if (rate <= 0 || rate > 1_000_000) {
                throw new IllegalArgumentException("tally.demo.rate must be between 1 and 1000000");
            }
            if (partitions <= 0) {
                throw new IllegalArgumentException("tally.demo.partitions must be positive");
            }
        }
    }
}
