package dev.tally.control.health;

import dev.tally.control.system.TallyProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Health component {@code storage}: the data directory, where checkpoints and savepoints are written, is writable
 * (a file is created and deleted there on every probe) and its file system has at least
 * {@code tally.health.min-free-space} (default 100MB) usable. Details: path, free and threshold in bytes, and the
 * reason when DOWN. Part of the readiness group.
 */
@Component
class StorageHealthIndicator implements HealthIndicator {

    private final Path dataDir;
    private final DataSize minFree;

    @Autowired
    StorageHealthIndicator(TallyProperties props, @Value("${tally.health.min-free-space:100MB}") DataSize minFree) {
        this(props.dataPath(), minFree);
    }

    /**
     * @param dataDir the directory checked (created if missing)
     * @param minFree the least usable space for UP
     */
    StorageHealthIndicator(Path dataDir, DataSize minFree) {
        this.dataDir = dataDir;
        this.minFree = minFree;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("path", dataDir.toString())
                .withDetail("threshold", minFree.toBytes());
        try {
            Files.createDirectories(dataDir);
            Path probe = Files.createTempFile(dataDir, ".health-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            return health.down().withDetail("error", "data directory not writable: " + e.getClass().getSimpleName())
                    .build();
        }
        long free;
        try {
            free = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return health.down().withDetail("error", "free space unknown: " + e.getClass().getSimpleName()).build();
        }
        health.withDetail("free", free);
        if (free < minFree.toBytes()) {
            return health.down().withDetail("error", "free space " + free + " bytes is below the threshold "
                    + minFree.toBytes() + " bytes (tally.health.min-free-space)").build();
        }
        return health.build();
    }
}
