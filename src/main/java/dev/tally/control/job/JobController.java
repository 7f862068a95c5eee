package dev.tally.control.job;

import dev.tally.control.audit.Principals;
import dev.tally.control.deployment.DeploymentService;
import jakarta.servlet.http.HttpServletRequest;
import dev.tally.control.deployment.DeploymentView;
import dev.tally.engine.spec.SpecError;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Job specs and their versions. */
@RestController
@RequestMapping("/api/jobs")
class JobController {

    private final JobService jobs;
    private final DeploymentService deployments;
    private final ObjectMapper mapper;

    JobController(JobService jobs, DeploymentService deployments, ObjectMapper mapper) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.mapper = mapper;
    }

    /** A job in the list. */
    record JobSummary(String name, String description, int latestVersion, DeploymentView deployment) {
    }

    /** One version of a job: who submitted it, when and why. */
    record VersionView(int version, String specHash, Instant createdAt, String author, String note) {

        static VersionView of(JobVersion v) {
            return new VersionView(v.getVersion(), v.getSpecHash(), v.getCreatedAt(), v.getAuthor(), v.getNote());
        }
    }

    /** One version with its spec. */
    record VersionDetail(VersionView version, JsonNode spec) {
    }

    /** A job with its versions and the spec of the latest one. */
    record JobDetail(String name, String description, int latestVersion, List<VersionView> versions,
            JsonNode spec, DeploymentView deployment) {
    }

    /** The version a submission ended in, and what in the spec looks unintended. */
    record SubmitResult(String name, int version, List<SpecError> warnings) {
    }

    @GetMapping
    List<JobSummary> list() {
        return jobs.all().stream().map(j -> new JobSummary(j.getName(), j.getDescription(),
                jobs.latest(j).getVersion(), deployment(j))).toList();
    }

    @GetMapping("/{name}")
    JobDetail get(@PathVariable String name) {
        Job job = jobs.find(name);
        JobVersion latest = jobs.latest(job);
        List<VersionView> versions = jobs.versions(job).stream().map(VersionView::of).toList();
        return new JobDetail(job.getName(), job.getDescription(), latest.getVersion(), versions,
                mapper.readTree(latest.getSpecJson()), deployment(job));
    }

    /** Every version of a job, oldest first. */
    @GetMapping("/{name}/versions")
    List<VersionView> versions(@PathVariable String name) {
        return jobs.versions(jobs.find(name)).stream().map(VersionView::of).toList();
    }

    /** One version of a job with its spec; 404 when the job or version does not exist. */
    @GetMapping("/{name}/versions/{version}")
    VersionDetail version(@PathVariable String name, @PathVariable int version) {
        JobVersion v = jobs.version(jobs.find(name), version);
        return new VersionDetail(VersionView.of(v), mapper.readTree(v.getSpecJson()));
    }

    /**
     * What changed from version {@code a} to version {@code b}: every changed field of the spec (JSON pointer,
     * old and new value as written) and whether a savepoint of {@code a} keeps its window state in {@code b}, by
     * the same rules a restore applies.
     */
    @GetMapping("/{name}/versions/{a}/diff/{b}")
    VersionDiff diff(@PathVariable String name, @PathVariable int a, @PathVariable int b) {
        return jobs.diff(name, a, b);
    }

    /**
     * Submits a spec in JSON or YAML; 201 for a new version, 200 when it equals the latest version. The author is
     * the signed-in user who sent it (session or API token); {@code note} says why (≤ 2000
     * characters).
     */
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE, "application/x-yaml",
            "text/yaml", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<SubmitResult> submit(@RequestBody String body,
            @RequestHeader(name = "Content-Type", defaultValue = "application/json") String contentType,
            @RequestParam(required = false) String note, HttpServletRequest request) {
        boolean yaml = contentType.contains("yaml")
                || (contentType.startsWith("text/plain") && !body.strip().startsWith("{"));
        JobService.Submitted s = jobs.submit(body, yaml, Principals.of(request), note);
        SubmitResult result = new SubmitResult(s.name(), s.version(), s.warnings());
        if (!s.created()) {
            return ResponseEntity.ok(result);
        }
        return ResponseEntity.created(URI.create("/api/jobs/" + s.name())).body(result);
    }

    private DeploymentView deployment(Job job) {
        return deployments.deploymentOf(job).map(DeploymentView::of).orElse(null);
    }
}
