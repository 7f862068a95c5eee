package dev.tally.control.deployment;

import dev.tally.engine.snapshot.Manifest;

/**
 * Published (as a Spring application event, on the engine's snapshot-writing thread) when the engine has stored a
 * checkpoint of a deployed job, so that the savepoint catalog records it (kind CHECKPOINT) without the deployment
 * feature depending on the catalog. Listeners must be quick and must not throw.
 *
 * @param job        the job's name
 * @param snapshotId the checkpoint's id in the job's checkpoint store
 * @param manifest   its manifest (version, parent, offsets, watermark, key count, size)
 */
public record CheckpointRetained(String job, String snapshotId, Manifest manifest) {
}
