package dev.tally.engine;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Settings of the embedded engine.
 *
 * @param bootstrapServers Kafka address used by sources that do not name one
 * @param workDir          directory that relative paths in specs (lookup files) are resolved against
 * @param clock            processing-time clock (injected so tests drive time)
 * @param resultWindows    how many recent windows each job's result table keeps
 * @param maxRecordBytes   larger records go to the dead-letter output
 */
public record EngineConfig(String bootstrapServers, Path workDir, Clock clock, int resultWindows, int maxRecordBytes) {

    public static EngineConfig defaults(String bootstrapServers, Path workDir) {
        return new EngineConfig(bootstrapServers, workDir, Clock.systemUTC(), 1000, 4 * 1024 * 1024);
    }
}
