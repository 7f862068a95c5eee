package dev.tally.engine;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Settings of the embedded engine.
 *
 * @param bootstrapServers Kafka address used by sources that do not name one
 * @param workDir          directory that relative paths in specs (lookup files, file sources) are resolved against
 * @param clock            processing-time clock (injected so tests drive time)
 * @param resultWindows    how many recent windows each job's result table keeps
 * @param maxRecordBytes   larger records go to the dead-letter output
 * @param confineSpecs     whether specs are untrusted input (a service): then a spec may read no file outside
 *                         {@code workDir} (no absolute path, no {@code ..}, no symbolic link leading out) and
 *                         reach no Kafka cluster but {@code bootstrapServers}; see
 *                         {@link dev.tally.engine.runtime.SpecConfinement}
 */
public record EngineConfig(String bootstrapServers, Path workDir, Clock clock, int resultWindows, int maxRecordBytes,
        boolean confineSpecs) {

    /** Settings that trust the spec's paths and addresses (a local command-line run). */
    public EngineConfig(String bootstrapServers, Path workDir, Clock clock, int resultWindows, int maxRecordBytes) {
        this(bootstrapServers, workDir, clock, resultWindows, maxRecordBytes, false);
    }

    public static EngineConfig defaults(String bootstrapServers, Path workDir) {
        return new EngineConfig(bootstrapServers, workDir, Clock.systemUTC(), 1000, 4 * 1024 * 1024);
    }

    /** These settings with specs confined to {@code workDir} and {@code bootstrapServers}. */
    public EngineConfig confined() {
        return new EngineConfig(bootstrapServers, workDir, clock, resultWindows, maxRecordBytes, true);
    }
}
