package dev.tally.engine.runtime;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.io.file.FileSource;
import dev.tally.engine.io.generator.GeneratorSource;
import dev.tally.engine.io.kafka.KafkaSource;
import dev.tally.engine.io.source.Source;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SourceSpec;

/** Builds the source a spec names. */
final class Sources {

    private Sources() {
    }

    static Source create(JobSpec spec, EngineConfig config, String runId, JobOptions options) {
        SourceSpec s = spec.source();
        return switch (s.kind()) {
            case KAFKA -> new KafkaSource(SpecConfinement.bootstrap(spec, config), s.topic(), s.startFrom(), "tally-" + runId,
                    options.untilEnd());
            case FILE -> new FileSource(SpecConfinement.file(config, s.path(), "/source/path"),
                    config.maxRecordBytes());
            case GENERATOR -> new GeneratorSource(s.generator(),
                    s.generator().baseTime() != 0 ? s.generator().baseTime() : config.clock().millis(), config.clock());
        };
    }

    /** Reader threads: as the spec says, else one for a file, else the parallelism. */
    static int readers(JobSpec spec) {
        if (spec.source().readers() > 0) {
            return spec.source().readers();
        }
        return spec.source().kind() == SourceSpec.Kind.FILE ? 1 : spec.parallelism();
    }
}
