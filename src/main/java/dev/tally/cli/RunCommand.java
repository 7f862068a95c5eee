package dev.tally.cli;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.Recovery;
import dev.tally.engine.snapshot.UnreadableSnapshotException;
import dev.tally.engine.snapshot.Restore;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.spec.CheckpointSpec;
import java.time.Duration;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SourceSpec;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.spec.SpecException;
import dev.tally.engine.spec.SpecParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code tally run}: a bounded local run of a job spec, without the server.
 *
 * <pre>
 * java -jar tally.jar run --spec job.yaml --input events.jsonl [--output results.csv|results.jsonl]
 *     [--parallelism N] [--until-end] [--count N] [--bootstrap-servers HOST:PORT]
 * </pre>
 * Prints the results sorted by window start then key (CSV unless the output file ends in .jsonl) and a one-line
 * summary on standard error. Exit code 0 on success (and for {@code --help}), 2 for a bad command line or spec, 1 when
 * the run fails.
 */
public final class RunCommand {

    static final String USAGE = """
            usage: tally run --spec FILE [--input FILE.jsonl] [--output FILE.csv|FILE.jsonl]
                             [--parallelism N] [--until-end] [--count N] [--bootstrap-servers HOST:PORT]
                             [--state-dir DIR [--from-checkpoint ID]]
              --spec       job spec (YAML or JSON)
              --input      read this JSON-lines file instead of the spec's source
              --output     write results there (CSV, or JSON lines for .jsonl); default: standard output as CSV
              --until-end  Kafka source: read every partition up to the end offsets found at start, then finish
              --count      generator source: generate this many events, then finish
              --state-dir  take checkpoints (the spec's settings, else every 5s exactly-once) into DIR/checkpoints
                           and resume from the newest one found there; refused when a checkpoint there
                           cannot be read (it may be the newest)
              --from-checkpoint
                           resume from this checkpoint of DIR instead: an explicit rollback; newer and unreadable
                           checkpoints are set aside (renamed .quarantined-ID), not deleted
              --help, -h   print this usage
            """;

    private RunCommand() {
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (java.util.Arrays.stream(args).anyMatch(Help::asked)) {
            out.print(USAGE);
            return 0;
        }
        quietLogs();
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("tally run: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        JobSpec spec;
        try {
            spec = spec(o);
        } catch (SpecException e) {
            err.println("tally run: invalid spec " + o.spec());
            for (SpecError error : e.errors()) {
                err.println("  " + error);
            }
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            err.println("tally run: " + e.getMessage());
            return 2;
        }
        Path workDir = Path.of("").toAbsolutePath();
        EngineConfig config = new EngineConfig(o.bootstrapServers() == null ? "127.0.0.1:9092" : o.bootstrapServers(),
                workDir, Clock.systemUTC(), Integer.MAX_VALUE, 4 * 1024 * 1024);
        try {
            JobOptions options = o.untilEnd() ? JobOptions.defaults().withUntilEnd() : JobOptions.defaults();
            if (o.stateDir() != null) {
                options = stateDir(o.stateDir(), o.fromCheckpoint(), options, err);
                if (spec.checkpoints() == null) {
                    spec = spec.withCheckpoints(new CheckpointSpec(Duration.ofSeconds(5), CheckpointSpec.Mode.EXACTLY_ONCE,
                            3, Duration.ofMinutes(1)));
                }
            }
            BoundedRun.Outcome outcome = BoundedRun.run(spec, config, options);
            write(spec, outcome, o.output(), out);
            err.println(outcome.summary());
            startUp(outcome, err);
            if (outcome.deadLetterReasons() != null) {
                err.println(outcome.deadLetterReasons());
            }
            return 0;
        } catch (SpecException e) {
            err.println("tally run: " + e.getMessage());
            return 2;
        } catch (UnreadableSnapshotException e) {
            err.println("tally run: " + e.getMessage() + (e.newestReadable() == null ? ""
                    : " To resume from it: --from-checkpoint " + e.newestReadable().id()));
            return 1;
        } catch (Exception e) {
            err.println("tally run: failed: " + e.getMessage());
            return 1;
        }
    }

    /** Kafka's clients log at INFO by default; a command-line run only needs warnings. */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static JobOptions stateDir(Path dir, String fromCheckpoint, JobOptions options, PrintStream err) {
        FileSnapshotStore checkpoints = new FileSnapshotStore(dir.resolve("checkpoints"));
        JobOptions o = options.withSnapshots(checkpoints, new FileSnapshotStore(dir.resolve("savepoints")));
        Recovery.Choice choice = Recovery.choose(checkpoints, fromCheckpoint);
        for (String aside : choice.quarantined()) {
            err.println("set aside " + aside + " (kept in " + checkpoints.root() + ")");
        }
        SnapshotStore.Stored latest = choice.checkpoint();
        if (latest == null) {
            return o;
        }
        err.println((fromCheckpoint == null ? "resuming from checkpoint " : "resuming, as chosen, from checkpoint ")
                + latest.manifest().checkpointId() + " (" + latest.id() + ")");
        return o.withRestore(new Restore(checkpoints, latest.id(), Restore.Policy.FAIL));
    }

    private static JobSpec spec(Options o) throws IOException {
        if (!Files.isRegularFile(o.spec())) {
            throw new IllegalArgumentException("--spec: no such file " + o.spec());
        }
        String text = Files.readString(o.spec());
        JobSpec spec = SpecParser.parse(text, !o.spec().toString().endsWith(".json")).spec();
        if (o.input() != null) {
            if (!Files.isRegularFile(o.input())) {
                throw new IllegalArgumentException("--input: no such file " + o.input());
            }
            spec = spec.withSource(new SourceSpec(SourceSpec.Kind.FILE, null, null, null,
                    o.input().toAbsolutePath().toString(), 1, null));
        }
        if (o.count() > 0) {
            SourceSpec s = spec.source();
            if (s.kind() != SourceSpec.Kind.GENERATOR) {
                throw new IllegalArgumentException("--count needs a generator source");
            }
            SourceSpec.GeneratorSpec g = s.generator();
            spec = spec.withSource(new SourceSpec(s.kind(), null, null, null, null, s.readers(),
                    new SourceSpec.GeneratorSpec(o.count(), g.seed(), g.rate(), g.partitions(), g.baseTime(), g.paced())));
        }
        if (o.parallelism() > 0) {
            spec = spec.withParallelism(o.parallelism());
        }
        if (!spec.boundedSource() && !o.untilEnd()) {
            throw new IllegalArgumentException("the spec's source has no end: use --input, --count or --until-end");
        }
        return spec;
    }

    private static void write(JobSpec spec, BoundedRun.Outcome outcome, Path output, PrintStream out)
            throws IOException {
        ResultWriter writer = new ResultWriter(spec);
        boolean json = output != null && output.toString().endsWith(".jsonl");
        try (Writer w = output == null
                ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            if (json) {
                writer.jsonLines(outcome.results(), w);
            } else {
                writer.csv(outcome.results(), w);
            }
        }
    }

    /**
     * {@code start-up: first record read 412 ms after the JVM started}: what a user waits for before any counting
     * (JVM start, class loading, spec parsing, consumer set-up); nothing when no record was read. The JVM's start
     * time (ms, as {@code RuntimeMXBean.getStartTime}) rather than the OS's process start: Linux states the latter
     * only to within a second.
     */
    private static void startUp(BoundedRun.Outcome outcome, PrintStream err) {
        if (outcome.firstRecordAtMs() > 0) {
            err.println("start-up: first record read " + (outcome.firstRecordAtMs()
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
                    + " ms after the JVM started");
        }
    }
}
