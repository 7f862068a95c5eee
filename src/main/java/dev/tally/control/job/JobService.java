package dev.tally.control.job;

import dev.tally.control.web.NotFoundException;
import dev.tally.engine.Engine;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.ParsedSpec;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.spec.SpecParser;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Jobs and their immutable versions: a new version is kept only when the spec changed. */
@Service
public class JobService {

    private final JobRepository jobs;
    private final JobVersionRepository versions;
    private final Engine engine;
    private final SpecLimits limits;
    private final Clock clock = Clock.systemUTC();

    JobService(JobRepository jobs, JobVersionRepository versions, Engine engine, SpecLimits limits) {
        this.jobs = jobs;
        this.versions = versions;
        this.engine = engine;
        this.limits = limits;
    }

    /**
     * Validates a spec (parse, then check the engine can run it) and keeps it as the job's next version.
     *
     * @return the version, and whether it is new (false when the spec equals the latest version)
     */
    @Transactional
    public Submitted submit(String text, boolean yaml) {
        return submit(text, yaml, "anonymous", null);
    }

    /**
     * As {@link #submit(String, boolean)}, recording who submitted the version and why.
     *
     * @param author the principal (at most 100 characters)
     * @param note   free text (at most 2000 characters), or null
     * @throws IllegalArgumentException when the note is too long ("note: ...")
     */
    @Transactional
    public Submitted submit(String text, boolean yaml, String author, String note) {
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("note: at most 2000 characters, not " + note.length());
        }
        limits.checkSize(text);
        return keep(SpecParser.parse(text, yaml), author, note == null || note.isBlank() ? null : note.strip());
    }

    /** The author of versions imported from the jobs directory. */
    public static final String IMPORTED_BY = "job-directory";

    /**
     * Imports a spec from the jobs directory at start-up: idempotent against every version of the job, not only
     * the latest, so that a file equal to an older version (the user has since submitted others through the API)
     * never becomes a version nobody asked for. A spec that equals no version is validated and kept as the next
     * version, as {@link #submit} does.
     *
     * @return the version that holds the spec (the newest one with its hash), and whether it is new
     */
    @Transactional
    public Submitted importSpec(String text, boolean yaml) {
        limits.checkSize(text);
        ParsedSpec parsed = SpecParser.parse(text, yaml);
        Optional<JobVersion> same = jobs.findByName(parsed.spec().name())
                .flatMap(job -> versions.findFirstByJobAndSpecHashOrderByVersionDesc(job, parsed.hash()));
        if (same.isPresent()) {
            return new Submitted(parsed.spec().name(), same.get().getVersion(), false, parsed.warnings());
        }
        return keep(parsed, IMPORTED_BY, "imported from the jobs directory");
    }

    private Submitted keep(ParsedSpec parsed, String author, String note) {
        limits.check(parsed.spec());
        engine.plan(parsed.spec());
        JobSpec spec = parsed.spec();
        Job job = jobs.findByName(spec.name())
                .orElseGet(() -> jobs.save(new Job(spec.name(), spec.description(), clock.instant())));
        Optional<JobVersion> latest = versions.findFirstByJobOrderByVersionDesc(job);
        if (latest.isPresent() && latest.get().getSpecHash().equals(parsed.hash())) {
            return new Submitted(job.getName(), latest.get().getVersion(), false, parsed.warnings());
        }
        int next = latest.map(v -> v.getVersion() + 1).orElse(1);
        job.describe(spec.description());
        versions.save(new JobVersion(job, next, parsed.canonicalJson(), parsed.hash(), clock.instant(),
                author, note));
        return new Submitted(job.getName(), next, true, parsed.warnings());
    }

    /**
     * The outcome of a submission.
     *
     * @param name    job name
     * @param version the version that holds the spec
     * @param created  whether that version was created by this submission
     * @param warnings valid but probably unintended choices in the spec
     */
    public record Submitted(String name, int version, boolean created, List<SpecError> warnings) {
    }

    @Transactional(readOnly = true)
    public Job find(String name) {
        return jobs.findByName(name).orElseThrow(() -> new NotFoundException("no job named '" + name + "'"));
    }

    @Transactional(readOnly = true)
    public List<Job> all() {
        return jobs.findAllByOrderByNameAsc();
    }

    @Transactional(readOnly = true)
    public JobVersion latest(Job job) {
        return versions.findFirstByJobOrderByVersionDesc(job)
                .orElseThrow(() -> new NotFoundException("job '" + job.getName() + "' has no version"));
    }

    @Transactional(readOnly = true)
    public JobVersion version(Job job, int version) {
        return versions.findByJobAndVersion(job, version).orElseThrow(
                () -> new NotFoundException("job '" + job.getName() + "' has no version " + version));
    }

    @Transactional(readOnly = true)
    public List<JobVersion> versions(Job job) {
        return versions.findByJobOrderByVersionAsc(job);
    }

    /** The structural, state-classified difference between versions {@code a} and {@code b} of a job. */
    @Transactional(readOnly = true)
    public VersionDiff diff(String name, int a, int b) {
        Job job = find(name);
        return VersionDiff.of(version(job, a), version(job, b));
    }

    /** The spec of a stored version. */
    public static JobSpec spec(JobVersion version) {
        return SpecParser.parse(version.getSpecJson(), false).spec();
    }
}
