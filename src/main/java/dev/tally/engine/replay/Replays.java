package dev.tally.engine.replay;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.RunningJob;
import dev.tally.engine.io.file.FileSource;
import dev.tally.engine.io.kafka.MergedKafkaSource;
import dev.tally.engine.io.source.Source;
import dev.tally.engine.runtime.PreparedRecords;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobPlan;
import dev.tally.engine.runtime.SpecConfinement;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.spec.SourceSpec;
import dev.tally.engine.spec.TimeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounded replays whose results depend only on the input, byte for byte, at any parallelism.
 *
 * <p>How: one reader reads the whole range ({@link MergedKafkaSource}: partitions merged by (event time,
 * partition, offset), records decoded ahead on up to 4 worker threads ({@link PreparedRecords}) with the order kept; a file is one
 * partition anyway), with per-partition bounded-out-of-orderness watermarks,
 * min-combined and emitted after every record ({@code per-record}), never on a timer; no idle timeout (an
 * exhausted partition ends instead, with watermark +∞); and the records go to the subtasks through the usual
 * key-group routing, so every subtask sees a sub-sequence of one deterministic sequence with the same in-band
 * watermarks, whatever the parallelism. Late/on-time decisions, late drops and every result are then functions
 * of the range's records alone.
 *
 * <p>Not repeatable, and refused ({@link #nonRepeatable}): processing or ingestion time, and processing-time
 * triggers (the wall clock decides). Sandboxed ({@link #sandboxed}): no Kafka sink, no checkpoints.
 */
public final class Replays {

    /** Threads that decode a replay's records in parallel before its single reader merges them (order kept). */
    static final int PREPARE_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private Replays() {
    }

    /**
     * Why replays of {@code spec} would not be repeatable; empty when they are.
     *
     * @return one message per reason, each starting with the JSON pointer of the spec field (e.g.
     *         {@code /time/mode: ...})
     */
    public static List<String> nonRepeatable(JobSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec.time().mode() != TimeSpec.Mode.EVENT) {
            out.add("/time/mode: " + spec.time().mode().name().toLowerCase()
                    + " time follows the wall clock, so a replay's windows would differ from run to run");
        }
        if (spec.trigger() != null && spec.trigger().processingTime()) {
            out.add("/trigger/processingTime: a processing-time trigger fires by the wall clock, so a replay's"
                    + " firings would differ from run to run");
        }
        return out;
    }

    /**
     * The spec as a replay runs it: one reader, per-record watermarks, no idle timeout, no checkpoints, and no
     * Kafka sink (its outputs would reach production's topics); the result table and listeners remain.
     *
     * @param parallelism subtasks of the replay (1..maxParallelism)
     */
    public static JobSpec sandboxed(JobSpec spec, int parallelism) {
        SourceSpec s = spec.source();
        SourceSpec one = new SourceSpec(s.kind(), s.topic(), s.bootstrapServers(), s.startFrom(), s.path(), 1,
                s.generator());
        TimeSpec t = spec.time();
        TimeSpec perRecord = new TimeSpec(t.mode(), t.field(), t.format(), t.outOfOrderness(), null,
                TimeSpec.Emission.PER_RECORD, t.interval());
        List<SinkSpec> sinks = spec.sinks().stream().filter(k -> k.kind() != SinkSpec.Kind.KAFKA).toList();
        return new JobSpec(spec.name(), spec.description(), one, perRecord, spec.filter(), spec.key(),
                spec.lookups(), spec.window(), spec.trigger(), spec.evictor(), spec.allowedLateness(),
                spec.aggregates(), sinks, parallelism, spec.maxParallelism(), null);
    }

    /**
     * A replay ready to start: {@code engine.start(runId, spec, options)}.
     *
     * @param spec    the sandboxed spec to run
     * @param options its options (the replay's source; add listeners and a restore as needed)
     * @param merged  the Kafka source, for progress; null for a file
     * @param fileLines lines of the file (its total), or -1 for Kafka
     */
    public record Prepared(JobSpec spec, JobOptions options, MergedKafkaSource merged, long fileLines) {

        /**
         * Progress of a run of this replay.
         *
         * @return {consumed, total}: Kafka offsets consumed of the range (total -1 until the reader opened), or
         *         file lines read of the file's lines
         */
        public long[] progress(RunningJob job) {
            if (merged != null) {
                MergedKafkaSource.Progress p = merged.progress();
                return new long[] {p.consumed(), p.total()};
            }
            return new long[] {job.metrics().recordsIn(), fileLines};
        }
    }

    /**
     * Prepares a replay of {@code spec} over {@code range} at {@code parallelism}.
     *
     * @throws IllegalArgumentException when the spec is not repeatable ({@link #nonRepeatable}), or the range is
     *     Kafka's and the spec's source is not
     * @throws dev.tally.engine.spec.SpecException when the file may not be read ({@link SpecConfinement})
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Prepared prepare(JobSpec spec, ReplayRange range, int parallelism, EngineConfig config,
            String clientId) {
        List<String> problems = nonRepeatable(spec);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("not repeatable: " + String.join("; ", problems));
        }
        JobSpec sandboxed = sandboxed(spec, parallelism);
        if (range.kind() == ReplayRange.Kind.FILE) {
            Path file = SpecConfinement.file(config, range.file(), "/range/file");
            Source source = new FileSource(file, config.maxRecordBytes());
            return new Prepared(sandboxed, JobOptions.defaults().withSource(source, true), null, lines(file));
        }
        if (spec.source().kind() != SourceSpec.Kind.KAFKA) {
            throw new IllegalArgumentException("a " + range.kind().name().toLowerCase().replace('_', '-')
                    + " range needs a Kafka source; the job reads " + spec.source().kind().name().toLowerCase());
        }
        String servers = dev.tally.engine.runtime.SpecConfinement.bootstrap(spec, config);
        MergedKafkaSource source = new MergedKafkaSource(servers, spec.source().topic(), range.startOffsets(),
                range.endOffsets(), new PreparedRecords(JobPlan.compile(sandboxed, config), config.maxRecordBytes()),
                PREPARE_THREADS, range.fromTime(), range.toTime(), clientId);
        return new Prepared(sandboxed, JobOptions.defaults().withSource(source, true), source, -1);
    }

    private static long lines(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long lines = 0;
            boolean pending = false;
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                        pending = false;
                    } else {
                        pending = true;
                    }
                }
            }
            return lines + (pending ? 1 : 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
