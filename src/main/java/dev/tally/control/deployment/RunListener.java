package dev.tally.control.deployment;

import dev.tally.engine.RunningJob;

/** Told when a run of a job ends or is replaced (stop, restore, restart of a died run, shutdown of the service). */
public interface RunListener {

    /**
     * Called on the thread that ended the run, after its threads stopped (or were asked to), before anything
     * replaces it.
     *
     * @param job the job's name
     * @param run the run that ended
     */
    void ended(String job, RunningJob run);
}
