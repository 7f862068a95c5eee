package dev.tally.control.deployment;

/**
 * Published (as a Spring application event) just before a checkpoint's files are deleted or set aside: the
 * engine subsumed it (its retention keeps the newest N), the user stopped the job, or recovery set it aside. The
 * catalog removes its row first, so that no row ever refers to deleted files. Listeners run on the deleting
 * thread (the engine's) and must not throw.
 *
 * @param job        the job's name
 * @param snapshotId the checkpoint's id in the job's checkpoint store
 * @param why        what deletes it, for the log (for example "subsumed by a newer checkpoint")
 */
public record CheckpointDeleted(String job, String snapshotId, String why) {
}
