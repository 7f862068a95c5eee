package dev.tally.engine;

import dev.tally.engine.runtime.Job;
import dev.tally.engine.runtime.JobOptions;
import dev.tally.engine.runtime.JobPlan;
import dev.tally.engine.spec.JobSpec;

/**
 * The embedded stream engine: compiles job specs and runs them. Knows nothing of the control plane.
 * Thread-safe.
 */
public final class Engine {

    private final EngineConfig config;

    public Engine(EngineConfig config) {
        this.config = config;
    }

    /** Checks that this engine can run the spec (expressions, lookups); throws SpecException if not. */
    public JobPlan plan(JobSpec spec) {
        return JobPlan.compile(spec, config);
    }

    /**
     * Starts a job on its own threads.
     *
     * @param runId unique name of this run, used in thread and client names
     */
    public RunningJob start(String runId, JobSpec spec) {
        return start(runId, spec, JobOptions.defaults());
    }

    public RunningJob start(String runId, JobSpec spec, JobOptions options) {
        Job job = new Job(runId, plan(spec), config, options);
        job.start();
        return new RunningJob(job);
    }

    public EngineConfig config() {
        return config;
    }
}
