package dev.tally.control.replay;

import dev.tally.control.catalog.CatalogEntry;
import dev.tally.control.catalog.SavepointCatalog;
import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.deployment.SnapshotStores;
import dev.tally.control.job.Job;
import dev.tally.control.job.JobService;
import dev.tally.control.system.KafkaConnection;
import dev.tally.control.web.NotFoundException;
import dev.tally.engine.Engine;
import dev.tally.engine.replay.ReplayRange;
import dev.tally.engine.replay.Replays;
import dev.tally.engine.runtime.SpecConfinement;
import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.SnapshotException;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.spec.SourceSpec;
import dev.tally.engine.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Checks a replay request and turns it into a {@link ReplayPlan} without side effects: every refusal is an
 * {@link IllegalArgumentException} whose message starts with the request field it is about
 * ({@code range.startOffsets[0]: ...}), which the API answers as a 400 problem naming that field, or a
 * {@link NotFoundException} for an unknown job. Nothing is started, stored or changed before the plan exists.
 * The range is pinned: partitions without a start get the earliest offset in the topic now (or the savepoint's),
 * those without an end the end offset now, so the replay and a baseline replay read exactly the same records.
 */
@Component
class ReplayPlanner {

    private final JobService jobs;
    private final DeploymentService deployments;
    private final SavepointCatalog catalog;
    private final SnapshotStores stores;
    private final Engine engine;
    private final TopicOffsets offsets;

    ReplayPlanner(JobService jobs, DeploymentService deployments, SavepointCatalog catalog, SnapshotStores stores,
            Engine engine, KafkaConnection kafka) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.catalog = catalog;
        this.stores = stores;
        this.engine = engine;
        this.offsets = new TopicOffsets(kafka.bootstrapServers());
    }

    /**
     * The plan of a replay of job {@code name}.
     *
     * @throws NotFoundException when there is no such job
     * @throws IllegalArgumentException naming the field, for anything else that refuses the request
     */
    ReplayPlan plan(String name, ReplayRequest request) {
        Job job = jobs.find(name);
        if (request == null) {
            throw new IllegalArgumentException("body: a replay needs at least a range");
        }
        int version = request.version() != null ? request.version() : jobs.latest(job).getVersion();
        JobSpec spec = spec(job, version, "version");
        problems("version", "version " + version, spec);
        int parallelism = request.parallelism() != null ? request.parallelism() : spec.parallelism();
        if (parallelism < 1 || parallelism > spec.maxParallelism()) {
            throw new IllegalArgumentException("parallelism: must be between 1 and the job's max parallelism, "
                    + spec.maxParallelism());
        }
        int productionVersion = deployments.deploymentOf(job).map(d -> d.getVersion())
                .orElse(jobs.latest(job).getVersion());
        JobSpec production = spec(job, productionVersion, "version");
        if (!production.aggregateNames().equals(spec.aggregateNames())) {
            throw new IllegalArgumentException("version: version " + version + " computes "
                    + spec.aggregateNames() + " but production's version " + productionVersion + " computes "
                    + production.aggregateNames() + ": their results cannot be compared");
        }
        Manifest savepoint = request.savepoint() == null || request.savepoint().isBlank() ? null
                : savepoint(name, request.savepoint(), spec, version);
        ReplayRange range = range(spec, request.range(), savepoint);
        String topic = resultTopic(production);
        boolean kafkaBaseline = topic != null && range.kind() != ReplayRange.Kind.FILE;
        if (!kafkaBaseline) {
            problems("version", "production's version " + productionVersion + " (the baseline, recomputed by a"
                    + " replay as it writes no Kafka results)", production);
            if (savepoint != null) {
                savepoint(name, request.savepoint(), production, productionVersion);
            }
        }
        return new ReplayPlan(name, version, spec, productionVersion, production, request.savepoint() == null
                || request.savepoint().isBlank() ? null : request.savepoint(), range, parallelism,
                kafkaBaseline ? topic : null);
    }

    private JobSpec spec(Job job, int version, String field) {
        try {
            return JobService.spec(jobs.version(job, version));
        } catch (NotFoundException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    private static void problems(String field, String what, JobSpec spec) {
        List<String> problems = Replays.nonRepeatable(spec);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(field + ": " + what + " is not repeatable, so its replays would"
                    + " answer differently each time: " + String.join("; ", problems));
        }
    }

    /** The Kafka topic production writes its results to, or null. */
    static String resultTopic(JobSpec spec) {
        return spec.sinks().stream().filter(s -> s.kind() == SinkSpec.Kind.KAFKA
                && s.output() == SinkSpec.Output.RESULTS).map(SinkSpec::topic).findFirst().orElse(null);
    }

    /** The savepoint's manifest, once it is known to be replayable into {@code spec}. */
    private Manifest savepoint(String job, String id, JobSpec spec, int version) {
        CatalogEntry entry;
        try {
            entry = catalog.find(job, id);
        } catch (NotFoundException e) {
            throw new IllegalArgumentException("savepoint: " + e.getMessage());
        }
        if (!"SAVEPOINT".equals(entry.getKind())) {
            throw new IllegalArgumentException("savepoint: " + id + " is a retained checkpoint, which the engine may"
                    + " delete at any time; take a savepoint and replay from it");
        }
        try {
            catalog.requireReplayable(job, id);
            Compatibility.Report report = stores.compatibility(job, id, Replays.sandboxed(spec, spec.parallelism()));
            if (!report.compatible()) {
                throw new IllegalArgumentException("savepoint: the state of savepoint " + id + " does not fit version "
                        + version + ": " + report.problems());
            }
            return stores.savepoint(job, id).manifest();
        } catch (SnapshotException e) {
            throw new IllegalArgumentException("savepoint: " + e.getMessage());
        } catch (NotFoundException e) {
            throw new IllegalArgumentException("savepoint: " + e.getMessage());
        }
    }

    private ReplayRange range(JobSpec spec, ReplayRequest.Range r, Manifest savepoint) {
        if (r == null || r.kind() == null) {
            throw new IllegalArgumentException("range.kind: required: offsets, event-time or file");
        }
        switch (r.kind()) {
            case "file" -> {
                return file(r, savepoint);
            }
            case "offsets", "event-time" -> {
                if (spec.source().kind() != SourceSpec.Kind.KAFKA) {
                    throw new IllegalArgumentException("range.kind: a " + r.kind() + " range reads the job's Kafka"
                            + " topic, but the job reads a " + spec.source().kind().name().toLowerCase());
                }
                Map<Integer, Long> start = partitions("range.startOffsets", r.startOffsets());
                Map<Integer, Long> end = partitions("range.endOffsets", r.endOffsets());
                if (savepoint != null && !start.isEmpty()) {
                    throw new IllegalArgumentException("range.startOffsets: a replay from a savepoint starts at the"
                            + " savepoint's offsets; leave the start offsets out");
                }
                if (savepoint != null) {
                    savepoint.sources().forEach(p -> start.put(p.partition(), p.position()));
                }
                pin(spec.source().topic(), start, end, savepoint != null);
                if (r.kind().equals("offsets")) {
                    return ReplayRange.offsets(start, end);
                }
                if (r.fromTime() == null || r.toTime() == null) {
                    throw new IllegalArgumentException((r.fromTime() == null ? "range.fromTime" : "range.toTime")
                            + ": required for an event-time range (epoch milliseconds)");
                }
                if (r.fromTime() >= r.toTime()) {
                    throw new IllegalArgumentException("range.toTime: must be after range.fromTime");
                }
                return ReplayRange.eventTime(r.fromTime(), r.toTime(), start, end);
            }
            default -> throw new IllegalArgumentException("range.kind: must be offsets, event-time or file, not '"
                    + r.kind() + "'");
        }
    }

    private ReplayRange file(ReplayRequest.Range r, Manifest savepoint) {
        if (savepoint != null) {
            throw new IllegalArgumentException("savepoint: a file replay starts from empty state (a savepoint's"
                    + " positions are Kafka offsets)");
        }
        if (r.file() == null || r.file().isBlank()) {
            throw new IllegalArgumentException("range.file: required for a file range");
        }
        Path path;
        try {
            path = SpecConfinement.file(engine.config(), r.file(), "/range/file");
        } catch (SpecException e) {
            throw new IllegalArgumentException("range.file: " + e.errors().get(0).message());
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("range.file: no readable file '" + r.file() + "' in the work directory");
        }
        return ReplayRange.file(r.file());
    }

    private static Map<Integer, Long> partitions(String field, Map<String, Long> given) {
        Map<Integer, Long> out = new TreeMap<>();
        if (given == null) {
            return out;
        }
        for (Map.Entry<String, Long> e : given.entrySet()) {
            int p;
            try {
                p = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(field + ": '" + e.getKey() + "' is not a partition number");
            }
            if (p < 0 || e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException(field + "[" + e.getKey() + "]: partitions and offsets are >= 0");
            }
            out.put(p, e.getValue());
        }
        return out;
    }

    /** Checks the offsets against the topic now and fills in the missing ones. */
    private void pin(String topic, Map<Integer, Long> start, Map<Integer, Long> end, boolean fromSavepoint) {
        TopicOffsets.Bounds bounds = offsets.bounds(topic);
        String startField = fromSavepoint ? "savepoint" : "range.startOffsets";
        for (int p : new java.util.ArrayList<>(start.keySet())) {
            if (p >= bounds.partitions()) {
                throw new IllegalArgumentException(fromSavepoint ? "savepoint: it saved partition " + p + ", which topic "
                        + topic + " no longer has" : "range.startOffsets[" + p + "]: topic " + topic + " has no partition "
                        + p + " (it has " + bounds.partitions() + ")");
            }
        }
        for (int p : end.keySet()) {
            if (p >= bounds.partitions()) {
                throw new IllegalArgumentException("range.endOffsets[" + p + "]: topic " + topic + " has no partition "
                        + p + " (it has " + bounds.partitions() + ")");
            }
        }
        Map<Integer, Long> pinnedStart = new HashMap<>();
        for (int p = 0; p < bounds.partitions(); p++) {
            long earliest = bounds.earliest().get(p);
            long latest = bounds.latest().get(p);
            long s = start.getOrDefault(p, earliest);
            long e = end.getOrDefault(p, latest);
            String at = fromSavepoint ? "savepoint: " : "range.startOffsets[" + p + "]: ";
            if (s < earliest) {
                throw new IllegalArgumentException(at + "offset " + s + " of partition " + p + " is outside topic "
                        + topic + "'s retention: the earliest offset is " + earliest + " (offsets " + s + ".."
                        + (earliest - 1) + " were deleted)");
            }
            if (s > latest) {
                throw new IllegalArgumentException(at + "offset " + s + " of partition " + p + " is beyond the end of"
                        + " topic " + topic + " (end offset " + latest + ")");
            }
            if (e > latest) {
                throw new IllegalArgumentException("range.endOffsets[" + p + "]: offset " + e + " of partition " + p
                        + " is beyond the end of topic " + topic + " (end offset " + latest + "); a replay reads"
                        + " only what is there");
            }
            if (e < s) {
                throw new IllegalArgumentException("range.endOffsets[" + p + "]: offset " + e + " is before the start, "
                        + s + (fromSavepoint ? " (the savepoint's position)" : ""));
            }
            pinnedStart.put(p, s);
            end.put(p, e);
        }
        start.putAll(pinnedStart);
    }
}
