package dev.tally.flink;

import dev.tally.engine.spec.CheckpointSpec;
import dev.tally.engine.spec.FlinkCompatibility;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.spec.SourceSpec;
import dev.tally.engine.spec.SpecParser;
import dev.tally.engine.spec.TimeSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Tally job for Apache Flink: builds a DataStream job from a Tally job spec and runs it. Program arguments:
 * <pre>
 * --spec &lt;base64 of the spec, YAML or JSON&gt;   required
 * --tally-job &lt;id&gt;            names the job, its operator uids' owner and its Kafka transactional ids
 *                                 (default: the spec's name)
 * --input &lt;path&gt;              read this file instead of the spec's file source
 * --output &lt;directory&gt;        also write results (results-N.jsonl) and late elements (late-N.jsonl) there
 * --bootstrap-servers &lt;addr&gt;  Kafka address when the spec names none (default 127.0.0.1:9092)
 * --work-dir &lt;directory&gt;      where lookup files are read from on each TaskManager (default .)
 * --until-end                    a Kafka source stops at the end offsets it finds at start (a bounded run)
 * </pre>
 * The graph: source (every record decoded by the engine's own code, per-split watermarks) → split (counted records
 * on, dead letters to their output) → keyBy(key) → window → aggregate + label → sinks. Every stateful operator has
 * a stable uid; max parallelism is the spec's, so keys land in the key groups the embedded engine uses. A spec
 * with a feature {@link FlinkCompatibility} calls UNSUPPORTED is refused with {@link IllegalArgumentException}.
 */
public final class TallyFlinkJob {

    static final OutputTag<TallyElement> LATE = new OutputTag<>("late", TypeInformation.of(TallyElement.class));
    static final OutputTag<TallyElement> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(TallyElement.class));

    private TallyFlinkJob() {
    }

    /**
     * What the job runs.
     *
     * @param spec             the Tally job spec
     * @param tallyJob         the Tally job's id (uids, Kafka transactional ids)
     * @param input            a file read instead of the spec's file source, or null
     * @param output           a directory for results and late elements as JSON lines, or null
     * @param bootstrapServers Kafka address when the spec has none
     * @param workDir          base directory of lookup files
     * @param untilEnd         a Kafka source stops at the end offsets it finds at start
     */
    public record Options(JobSpec spec, String tallyJob, String input, String output, String bootstrapServers,
            String workDir, boolean untilEnd) {

        /** Options for a run that does not stop at the end of a Kafka topic. */
        public Options(JobSpec spec, String tallyJob, String input, String output, String bootstrapServers,
                String workDir) {
            this(spec, tallyJob, input, output, bootstrapServers, workDir, false);
        }

        /**
         * Reads program arguments.
         *
         * @throws IllegalArgumentException for an unknown or incomplete argument, or an invalid spec
         */
        public static Options parse(String... args) {
            String spec = null;
            String job = null;
            String input = null;
            String output = null;
            String servers = "127.0.0.1:9092";
            String workDir = ".";
            boolean untilEnd = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--until-end")) {
                    untilEnd = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[++i];
                switch (args[i - 1]) {
                    case "--spec" -> spec = new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
                    case "--tally-job" -> job = v;
                    case "--input" -> input = v;
                    case "--output" -> output = v;
                    case "--bootstrap-servers" -> servers = v;
                    case "--work-dir" -> workDir = v;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i - 1]);
                }
            }
            if (spec == null) {
                throw new IllegalArgumentException("--spec <base64 of the job spec> is required");
            }
            JobSpec parsed = SpecParser.parse(spec).spec();
            return new Options(parsed, job == null ? parsed.name() : job, input, output, servers, workDir, untilEnd);
        }
    }

    /** Entry point for {@code flink run} and the REST API's {@code /jars/{id}/run}: builds and executes the job. */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, options);
        env.execute("tally-" + options.tallyJob());
    }

    /**
     * Adds the job's graph to {@code env} (without executing it).
     *
     * @throws IllegalArgumentException when the spec uses a feature Flink cannot run, naming each
     */
    public static void build(StreamExecutionEnvironment env, Options o) {
        JobSpec spec = o.spec();
        FlinkCompatibility.Report report = FlinkCompatibility.check(spec);
        if (!report.runnable()) {
            throw new IllegalArgumentException("this spec cannot run on Flink: " + report.unsupported().stream()
                    .map(f -> f.pointer() + " (" + f.feature() + "): " + f.note()).collect(Collectors.joining("; ")));
        }
        if (o.output() == null && spec.sinks().stream().noneMatch(x -> x.kind() == SinkSpec.Kind.KAFKA
                && x.output() == SinkSpec.Output.RESULTS)) {
            throw new IllegalArgumentException("the spec has no Kafka sink for results and no --output was given:"
                    + " the job would write nothing");
        }
        env.setParallelism(spec.parallelism());
        env.setMaxParallelism(spec.maxParallelism());
        CheckpointSpec c = spec.checkpoints();
        if (c != null) {
            env.enableCheckpointing(c.interval().toMillis(), c.mode() == CheckpointSpec.Mode.EXACTLY_ONCE
                    ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        }
        TimeSpec time = spec.time();
        boolean perRecord = time.emission() == null ? spec.boundedSource() || o.input() != null || o.untilEnd()
                : time.emission() == TimeSpec.Emission.PER_RECORD;
        if (!perRecord && time.interval() != null) {
            env.getConfig().setAutoWatermarkInterval(time.interval().toMillis());
        }
        DataStream<TallyElement> records = source(env, o, watermarks(time, perRecord));
        SingleOutputStreamOperator<TallyElement> counted = records.process(new Split(spec.hasOutput(
                SinkSpec.Output.DEAD_LETTERS)), TypeInformation.of(TallyElement.class)).uid("tally-split")
                .name("decode, filter, key")
                // chained to the source: a rebalance here would reorder the records of a key
                .setParallelism(records.getParallelism());
        WindowedStream<TallyElement, String, ?> windowed = Windowing.window(
                counted.keyBy(e -> e.key, Types.STRING), spec);
        if (time.mode() != TimeSpec.Mode.PROCESSING) {
            windowed = windowed.allowedLateness(spec.allowedLateness());
            if (spec.hasOutput(SinkSpec.Output.LATE)) {
                windowed = windowed.sideOutputLateData(LATE);
            }
        }
        WindowAccumulatorType acc = new WindowAccumulatorType(spec.aggregates());
        @SuppressWarnings({"unchecked", "rawtypes"})
        SingleOutputStreamOperator<OutputRecord> results = windowed.aggregate(new TallyAggregate(spec.aggregates()),
                new ResultLabeler(spec.aggregates(), Windowing.labels(spec)), acc, acc,
                TypeInformation.of(OutputRecord.class));
        results.uid("tally-window").name("window " + spec.window().kind().name().toLowerCase());
        DataStream<OutputRecord> late = results.getSideOutput(LATE)
                // as the engine writes them: the key, the original record, tally.reason LATE
                .map(e -> new OutputRecord(e.key, e.raw, "LATE", null), TypeInformation.of(OutputRecord.class))
                .uid("tally-late").name("late elements");
        DataStream<OutputRecord> deadLetters = counted.getSideOutput(DEAD_LETTERS)
                .map(e -> new OutputRecord(null, e.raw, e.reason, e.detail), TypeInformation.of(OutputRecord.class))
                .uid("tally-dead-letters").name("dead letters");
        sinks(spec, o, results, late, deadLetters);
    }

    private static WatermarkStrategy<TallyElement> watermarks(TimeSpec time, boolean perRecord) {
        if (time.mode() == TimeSpec.Mode.PROCESSING) {
            return WatermarkStrategy.noWatermarks();
        }
        long d = time.outOfOrderness() == null ? 0 : time.outOfOrderness().toMillis();
        WatermarkStrategy<TallyElement> s = WatermarkStrategy.<TallyElement>forGenerator(
                ctx -> new TallyWatermarks(d, perRecord)).withTimestampAssigner((e, previous) -> e.timestamp);
        return time.idleTimeout() == null ? s : s.withIdleness(time.idleTimeout());
    }

    private static DataStream<TallyElement> source(StreamExecutionEnvironment env, Options o,
            WatermarkStrategy<TallyElement> watermarks) {
        JobSpec spec = o.spec();
        SourceSpec s = spec.source();
        ElementDecoding decoding = new ElementDecoding(spec, o.workDir());
        if (o.input() != null || s.kind() == SourceSpec.Kind.FILE) {
            String path = o.input() != null ? o.input() : java.nio.file.Path.of(o.workDir()).resolve(s.path()).toString();
            FileSource<TallyElement> file = FileSource.forRecordStreamFormat(new JsonLinesFormat(decoding),
                    new Path(path)).build();
            return env.fromSource(file, watermarks, "file " + path).setParallelism(1).uid("tally-source");
        }
        var builder = KafkaSource.<TallyElement>builder()
                .setBootstrapServers(s.bootstrapServers() != null ? s.bootstrapServers() : o.bootstrapServers())
                .setTopics(s.topic())
                .setGroupId("tally-" + o.tallyJob())
                .setStartingOffsets(s.startFrom() == SourceSpec.StartFrom.LATEST ? OffsetsInitializer.latest()
                        : OffsetsInitializer.earliest())
                .setDeserializer(new KafkaElementDeserializer(decoding));
        if (o.untilEnd()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        KafkaSource<TallyElement> kafka = builder.build();
        return env.fromSource(kafka, watermarks, "kafka " + s.topic()).uid("tally-source");
    }

    private static void sinks(JobSpec spec, Options o, DataStream<OutputRecord> results, DataStream<OutputRecord> late,
            DataStream<OutputRecord> deadLetters) {
        String servers = spec.source().bootstrapServers() != null ? spec.source().bootstrapServers()
                : o.bootstrapServers();
        for (SinkSpec s : spec.sinks()) {
            if (s.kind() != SinkSpec.Kind.KAFKA) {
                continue; // the in-memory table is the embedded engine's (FlinkCompatibility says so)
            }
            String output = s.output().name().toLowerCase().replace('_', '-');
            DataStream<OutputRecord> stream = switch (s.output()) {
                case RESULTS -> results;
                case LATE -> late;
                case DEAD_LETTERS -> deadLetters;
            };
            stream.sinkTo(KafkaOutputs.sink(spec, o.tallyJob(), output, s.topic(), servers))
                    .uid("tally-kafka-" + output + "-" + s.topic()).name("kafka " + s.topic());
        }
        if (o.output() != null) {
            results.sinkTo(new LineFileSink(o.output(), "results")).uid("tally-file-results").name("results file");
            if (spec.hasOutput(SinkSpec.Output.LATE)) {
                late.sinkTo(new LineFileSink(o.output(), "late")).uid("tally-file-late").name("late file");
            }
        }
    }

    /** Counted records go on; dead letters to {@link #DEAD_LETTERS} when the job has that output; filtered drop. */
    private static final class Split extends ProcessFunction<TallyElement, TallyElement> {

        private static final long serialVersionUID = 1L;

        private final boolean deadLetters;

        Split(boolean deadLetters) {
            this.deadLetters = deadLetters;
        }

        @Override
        public void processElement(TallyElement e, Context ctx, Collector<TallyElement> out) {
            if (e.kind == TallyElement.COUNTED) {
                out.collect(e);
            } else if (e.kind != TallyElement.FILTERED && deadLetters) {
                ctx.output(DEAD_LETTERS, e);
            }
        }
    }

}
