package dev.tally.engine;

import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.query.StateAnswer;
import dev.tally.engine.query.StateQuery;
import dev.tally.engine.runtime.DeadLetter;
import dev.tally.engine.runtime.Job;
import dev.tally.engine.runtime.JobMetrics;
import dev.tally.engine.runtime.JobState;
import dev.tally.engine.runtime.LateElement;
import dev.tally.engine.spec.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A job running in the engine: its state, counters, results, dead letters and late elements. Thread-safe. */
public final class RunningJob {

    private final Job job;

    RunningJob(Job job) {
        this.job = job;
    }

    /** Stops the job and waits for its threads to end, at most {@code timeout}. */
    public void stop(Duration timeout) throws InterruptedException {
        job.stop(timeout);
    }

    /** Waits until a bounded job has emitted everything (or failed, or was stopped). */
    public boolean await(Duration timeout) throws InterruptedException {
        return job.await(timeout);
    }

    /** A barrier through every reader and subtask: completes when all input read before it is processed. */
    public CompletableFuture<Void> sync() {
        return job.sync();
    }

    /**
     * Takes a savepoint: the same barrier mechanism as checkpoints, stored in the savepoint store and never
     * deleted by the engine.
     *
     * @param drain fire every window first (watermark +∞); the job then stops
     * @param stop  stop the job once the savepoint is stored
     * @return completes with the savepoint's id
     */
    public CompletableFuture<String> savepoint(boolean drain, boolean stop) {
        return job.snapshot(true, drain, stop);
    }

    /** Takes a checkpoint now (besides the periodic ones); completes with its id. */
    public CompletableFuture<String> checkpoint() {
        return job.snapshot(false, false, false);
    }

    /**
     * Reads the live window state without stopping the job (see {@link StateQuery} for the kinds, units and
     * orders). The subtask owning a key answers between two batches of its input, so a value is never torn (all
     * of an element or none of it); TOP and PREFIX ask every subtask and merge. An idle subtask is woken at once;
     * a busy one answers after its current batch. The answer says the watermark its entries reflect and the last
     * checkpoint completed before the query (whose input they all include).
     *
     * <p>The future completes on an engine thread: callers should wait on it, or continue asynchronously on an
     * executor of their own, never block in a dependent stage.
     *
     * @return completes with the answer, or exceptionally with {@link IllegalStateException} when the job is not
     *         running (starting, or finished, stopped or failed before every owner answered)
     */
    public CompletableFuture<StateAnswer> query(StateQuery query) {
        return job.query(query);
    }

    /** Checkpoint and savepoint figures of this run. */
    public dev.tally.engine.runtime.CheckpointStats checkpoints() {
        return job.checkpoints();
    }

    /** A future for a barrier that the job's own source injects. */
    public CompletableFuture<Void> expectBarrier(long id) {
        return job.expectBarrier(id);
    }

    public String runId() {
        return job.runId();
    }

    public JobSpec spec() {
        return job.plan().spec();
    }

    public JobState state() {
        return job.state();
    }

    /** The error that stopped the job, or a note while it starts; null when all is well. */
    public String error() {
        return job.error();
    }

    public JobMetrics.Snapshot metrics() {
        return job.metrics().snapshot();
    }

    /**
     * The run's live counters, for meters that read them when scraped (callers only read: every writer is in
     * the engine). Per-subtask watermarks, idle and back-pressure times are only here; {@link #metrics()} is the
     * whole-job copy.
     */
    public JobMetrics counters() {
        return job.metrics();
    }

    public ResultTable results() {
        return job.outputs().results();
    }

    public List<DeadLetter> deadLetters() {
        return job.outputs().deadLetters();
    }

    public List<LateElement> late() {
        return job.outputs().late();
    }
}
