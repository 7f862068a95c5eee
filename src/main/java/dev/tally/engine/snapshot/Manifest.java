package dev.tally.engine.snapshot;

import java.util.List;

/**
 * What a snapshot (checkpoint or savepoint) holds, self-described: everything needed to check it and restore it
 * without the job that took it. Written as {@code manifest.json} next to the data files. Immutable.
 *
 * @param formatVersion  version of this format; a reader refuses versions it does not know
 * @param kind           CHECKPOINT (the engine's, for recovery) or SAVEPOINT (the user's)
 * @param checkpointId   the barrier id, increasing within a job's run and across restores
 * @param jobName        the job
 * @param jobVersion     the job's version in the control plane (0 when run outside it)
 * @param specHash       SHA-256 of the spec's canonical JSON
 * @param specJson       the spec's canonical JSON (for compatibility checks against another version)
 * @param maxParallelism number of key groups; a restore must use the same
 * @param parallelism    parallelism of the job that took it
 * @param createdAt      ISO-8601 instant
 * @param trigger        PERIODIC, MANUAL, DRAIN or STOP
 * @param parent         id of the snapshot the job was restored from, or null
 * @param mode           EXACTLY_ONCE or AT_LEAST_ONCE
 * @param watermark      the combined watermark at the barrier (the same in every subtask)
 * @param clock          the processing-time clock at the barrier
 * @param sources        position and watermark of every source partition
 * @param keyGroups      one data file per non-empty key group
 * @param pendingOutputs Kafka records (results, late elements, dead letters) not yet committed, per transactional
 *                       id (exactly-once sinks)
 * @param writerId       random id of the run that took it, carried by the commit markers of its pending outputs;
 *                       null in snapshots written before it existed
 * @param counters       the job's counters for the records before the barrier (null in snapshots written before
 *                       they were kept)
 */
public record Manifest(int formatVersion, String kind, long checkpointId, String jobName, int jobVersion,
        String specHash, String specJson, int maxParallelism, int parallelism, String createdAt, String trigger,
        String parent, String mode, long watermark, long clock, List<SourcePartition> sources,
        List<DataFile> keyGroups, List<DataFile> pendingOutputs, String writerId, Counters counters) {

    /**
     * The format this engine writes and reads; other versions are refused. 2: accumulators and buffered inputs
     * are longs holding exact integers (version 1 held doubles).
     */
    public static final int FORMAT_VERSION = 2;

    /**
     * Where a source partition was at the barrier.
     *
     * @param partition the partition
     * @param position  the next record to read (Kafka offset, generator sequence, file line)
     * @param watermark the partition's watermark
     * @param idle      whether it was idle
     */
    public record SourcePartition(int partition, long position, long watermark, boolean idle) {
    }

    /**
     * One data file.
     *
     * @param index   key group (key-group files) or subtask (pending outputs)
     * @param entries records in it
     * @param bytes   its size
     * @param file    its name
     * @param sha256  hex SHA-256 of its bytes
     * @param owner   transactional id of the sink that must commit it (pending outputs), else null
     */
    public record DataFile(int index, long entries, long bytes, String file, String sha256, String owner) {
    }

    /**
     * The job's summary counters, whole-job figures as of the barrier: what the records before it made (a run
     * restored from this snapshot adds what the records after it make).
     *
     * @param recordsIn           records read
     * @param recordsFiltered     records the filter dropped
     * @param deadLettersByReason records sent to the dead-letter output, by reason name (only reasons that occurred)
     * @param lateDropped         elements dropped as late
     * @param resultsEmitted      results emitted
     */
    public record Counters(long recordsIn, long recordsFiltered, java.util.Map<String, Long> deadLettersByReason,
            long lateDropped, long resultsEmitted) {

        public static final Counters ZERO = new Counters(0, 0, java.util.Map.of(), 0, 0);

        public Counters {
            deadLettersByReason = deadLettersByReason == null ? java.util.Map.of()
                    : java.util.Map.copyOf(new java.util.TreeMap<>(deadLettersByReason));
        }

        /** The sum of this and {@code o}. */
        public Counters plus(Counters o) {
            java.util.Map<String, Long> dead = new java.util.TreeMap<>(deadLettersByReason);
            o.deadLettersByReason.forEach((k, v) -> dead.merge(k, v, Long::sum));
            return new Counters(recordsIn + o.recordsIn, recordsFiltered + o.recordsFiltered, dead,
                    lateDropped + o.lateDropped, resultsEmitted + o.resultsEmitted);
        }
    }

    /** Total entries in the key groups (state size in entries). */
    public long entries() {
        return keyGroups.stream().mapToLong(DataFile::entries).sum();
    }

    /** Total bytes of data files. */
    public long bytes() {
        return keyGroups.stream().mapToLong(DataFile::bytes).sum()
                + pendingOutputs.stream().mapToLong(DataFile::bytes).sum();
    }
}
