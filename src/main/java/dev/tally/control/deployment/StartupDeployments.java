package dev.tally.control.deployment;

import dev.tally.control.audit.AuditService;
import dev.tally.control.job.JobService;
import dev.tally.control.system.TallyProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up: resumes the deployments that should run, then imports the specs in the jobs directory and
 * deploys those never deployed before. A file whose spec equals any version of its job (by spec hash) changes
 * nothing; a spec changed on disk becomes a new version; a running deployment keeps its version until the user
 * redeploys it.
 */
@Component
class StartupDeployments implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupDeployments.class);

    private final JobService jobs;
    private final DeploymentService deployments;
    private final TallyProperties props;
    private final AuditService audit;

    StartupDeployments(JobService jobs, DeploymentService deployments, TallyProperties props, AuditService audit) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.props = props;
        this.audit = audit;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        deployments.resumeAll();
        Path dir = props.jobsPath();
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        }
        for (Path file : files) {
            try {
                JobService.Submitted sub = jobs.importSpec(Files.readString(file), !file.toString().endsWith(".json"));
                String target = "/api/jobs/" + sub.name();
                if (sub.created()) {
                    audit.record(AuditService.SYSTEM, "import", target, "file=" + file.getFileName(), 201,
                            "version " + sub.version() + " imported from the jobs directory");
                }
                if (deployments.deploymentOf(jobs.find(sub.name())).isEmpty()) {
                    deployments.deploy(sub.name());
                    audit.record(AuditService.SYSTEM, "deploy", target + "/deploy", "", 200,
                            "first deployment of a job from the jobs directory");
                }
                log.info("Job {} version {} from {}{}", sub.name(), sub.version(), file, sub.created() ? " (new)" : "");
            } catch (RuntimeException e) {
                log.warn("Not importing job spec {}: {}", file, e.getMessage());
                audit.record(AuditService.SYSTEM, "import", "/api/jobs", "file=" + file.getFileName(), 400,
                        e.getMessage());
            }
        }
    }
}
