package dev.tally.engine.spec;

import java.time.Duration;
import java.util.List;

/**
 * A counting job, as a user writes it (JSON or YAML). Immutable; produced by {@link SpecParser}, which
 * validates it and names the offending field with a JSON pointer.
 *
 * @param name            job name: lower-case letters, digits and dashes
 * @param description     free text, may be empty
 * @param source          where events come from
 * @param time            which notion of time windows use, and how watermarks are made
 * @param filter          expression that keeps an event when true; {@code null} keeps every event
 * @param key             expression giving the key; {@code null} means one global key
 * @param lookups         static tables that expressions can read with {@code lookup("name", x)}
 * @param window          how events are grouped into windows
 * @param trigger         when windows fire; {@code null} means the window's default trigger
 * @param evictor         removes elements from windows at firings; {@code null} = none (windows hold one accumulator)
 * @param allowedLateness how long a fired window is kept for late elements
 * @param aggregates      what is computed per key and window (at least one)
 * @param sinks           where results go; a result table is always kept
 * @param parallelism     number of subtasks
 * @param maxParallelism  number of key groups, fixed for the life of the job's state
 * @param checkpoints     periodic checkpoints; {@code null} = none
 */
public record JobSpec(
        String name,
        String description,
        SourceSpec source,
        TimeSpec time,
        String filter,
        String key,
        List<LookupSpec> lookups,
        WindowSpec window,
        TriggerSpec trigger,
        EvictorSpec evictor,
        Duration allowedLateness,
        List<AggregateSpec> aggregates,
        List<SinkSpec> sinks,
        int parallelism,
        int maxParallelism,
        CheckpointSpec checkpoints) {

    /** Default number of key groups. */
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    public JobSpec {
        lookups = List.copyOf(lookups);
        aggregates = List.copyOf(aggregates);
        sinks = List.copyOf(sinks);
    }

    /** The same job reading from another source. */
    public JobSpec withSource(SourceSpec other) {
        return new JobSpec(name, description, other, time, filter, key, lookups, window, trigger, evictor,
                allowedLateness, aggregates, sinks, parallelism, maxParallelism, checkpoints);
    }

    /** The same job at another parallelism (at most {@code maxParallelism}). */
    public JobSpec withParallelism(int p) {
        if (p < 1 || p > maxParallelism) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + maxParallelism);
        }
        return new JobSpec(name, description, source, time, filter, key, lookups, window, trigger, evictor,
                allowedLateness, aggregates, sinks, p, maxParallelism, checkpoints);
    }

    /** The same job with other checkpoint settings ({@code null}: none). */
    public JobSpec withCheckpoints(CheckpointSpec c) {
        return new JobSpec(name, description, source, time, filter, key, lookups, window, trigger, evictor,
                allowedLateness, aggregates, sinks, parallelism, maxParallelism, c);
    }

    /**
     * Whether the job's Kafka outputs (results, late elements, dead letters) go to Kafka exactly once: checkpoints
     * in exactly-once mode and at least one Kafka sink.
     */
    public boolean exactlyOnceKafka() {
        return checkpoints != null && checkpoints.mode() == CheckpointSpec.Mode.EXACTLY_ONCE
                && sinks.stream().anyMatch(s -> s.kind() == SinkSpec.Kind.KAFKA);
    }

    /** Whether a sink asks for this output. */
    public boolean hasOutput(SinkSpec.Output output) {
        return sinks.stream().anyMatch(s -> s.output() == output);
    }

    /** Whether the source has an end (a file, or a generator with a count). */
    public boolean boundedSource() {
        return source.kind() == SourceSpec.Kind.FILE
                || (source.kind() == SourceSpec.Kind.GENERATOR && source.generator().count() > 0);
    }

    /** Names of the aggregates, in the order of the values in each result. */
    public List<String> aggregateNames() {
        return aggregates.stream().map(AggregateSpec::name).toList();
    }
}
