package dev.tally.engine.runtime;

/** Unwinds a reader or subtask thread when its job is stopping. */
final class JobStoppedException extends RuntimeException {

    JobStoppedException() {
        super("job stopping", null, false, false);
    }
}
