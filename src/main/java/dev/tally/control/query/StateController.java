package dev.tally.control.query;

import dev.tally.control.deployment.DeploymentService;
import dev.tally.control.job.JobService;
import dev.tally.control.system.LimitsProperties;
import dev.tally.control.web.ConflictException;
import dev.tally.engine.RunningJob;
import dev.tally.engine.query.StateQuery;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Live window state of a running job, read without stopping it (the owning subtasks answer between batches).
 * Every answer says the watermark and the last completed checkpoint it reflects. Errors: 404 for an unknown job,
 * 409 when the job is not running (read a savepoint instead), 400 naming the parameter for a bad one, 503 when the
 * job did not answer within {@value #TIMEOUT_SECONDS} s. The same queries on a savepoint:
 * {@code /api/jobs/{name}/savepoints/{id}/state/...}.
 */
@RestController
@RequestMapping("/api/jobs/{name}/state")
class StateController {

    static final long TIMEOUT_SECONDS = 5;

    private final JobService jobs;
    private final DeploymentService deployments;
    private final int maxKeys;

    StateController(JobService jobs, DeploymentService deployments, LimitsProperties limits) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.maxKeys = limits.maxKeysPerQuery();
    }

    /** One key: the window starting at {@code windowStart} (epoch ms), or every open window of the key. */
    @GetMapping("/key")
    StateAnswerView key(@PathVariable String name, @RequestParam(required = false) String key,
            @RequestParam(required = false) String windowStart) {
        return ask(name, StateParams.key(key, windowStart, maxKeys));
    }

    /**
     * The {@code n} entries (default 10, at most {@code tally.limits.max-keys-per-query}) with the largest first
     * aggregate value in the window starting at {@code windowStart}, or in every open window; largest first.
     */
    @GetMapping("/top")
    StateAnswerView top(@PathVariable String name, @RequestParam(required = false) String n,
            @RequestParam(required = false) String windowStart) {
        return ask(name, StateParams.top(n, windowStart, maxKeys));
    }

    /**
     * Up to {@code limit} entries (default 100, at most {@code tally.limits.max-keys-per-query}) whose key starts
     * with {@code prefix} (absent: any key), in the window starting at {@code windowStart} or in every open window,
     * sorted by key then window start; {@code truncated} says when more matched.
     */
    @GetMapping("/scan")
    StateAnswerView scan(@PathVariable String name, @RequestParam(required = false) String prefix,
            @RequestParam(required = false) String windowStart, @RequestParam(required = false) String limit) {
        return ask(name, StateParams.scan(prefix, windowStart, limit, maxKeys));
    }

    private StateAnswerView ask(String name, StateQuery query) {
        jobs.find(name);
        RunningJob run = deployments.running(name).orElseThrow(() -> notRunning(name));
        try {
            return StateAnswerView.live(run.spec(), run.query(query).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException) {
                throw notRunning(name);
            }
            throw new IllegalStateException("state query of job " + name + " failed", e.getCause());
        } catch (TimeoutException e) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "job " + name
                    + " did not answer the state query within " + TIMEOUT_SECONDS + " s; try again");
            p.setTitle("Service unavailable");
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, p, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a state query", e);
        }
    }

    private static ConflictException notRunning(String name) {
        return new ConflictException("job " + name + " is not running: live state is read from a running job;"
                + " read a savepoint's state instead (/api/jobs/" + name + "/savepoints/{id}/state/key)");
    }
}
