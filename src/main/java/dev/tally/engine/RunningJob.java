package dev.tally.engine;

import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.runtime.DeadLetterBuffer;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.runtime.JobPlan;
import dev.tally.engine.runtime.JobRunner;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.spec.JobSpec;
import java.time.Duration;

/** A job running in the engine: its state, counters, results and dead letters. Thread-safe. */
public final class RunningJob {

    private final String runId;
    private final JobSpec spec;
    private final JobMetrics metrics = new JobMetrics();
    private final DeadLetterBuffer deadLetters = new DeadLetterBuffer(100);
    private final ResultTable results;
    private final JobRunner runner;
    private final Thread thread;

    RunningJob(String runId, JobPlan plan, EngineConfig config) {
        this.runId = runId;
        this.spec = plan.spec();
        this.results = new ResultTable(config.resultWindows());
        this.runner = new JobRunner(plan, config.bootstrapServers(), "tally-" + runId, config.clock(), metrics,
                deadLetters, results, config.maxRecordBytes());
        this.thread = new Thread(runner, "tally-job-" + runId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the job and waits for its thread to end, at most {@code timeout}. */
    public void stop(Duration timeout) throws InterruptedException {
        runner.stop();
        thread.join(timeout.toMillis());
    }

    public String runId() {
        return runId;
    }

    public JobSpec spec() {
        return spec;
    }

    public JobState state() {
        return runner.state();
    }

    /** The last error, or a note while starting; null when all is well. */
    public String error() {
        return runner.error();
    }

    public JobMetrics.Snapshot metrics() {
        return metrics.snapshot();
    }

    public ResultTable results() {
        return results;
    }

    public DeadLetterBuffer deadLetters() {
        return deadLetters;
    }
}
