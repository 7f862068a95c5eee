package dev.tally.engine.runtime;

import dev.tally.engine.io.kafka.TransactionalResults;
import dev.tally.engine.snapshot.BytesOutput;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.SnapshotStore;
import dev.tally.engine.spec.CheckpointSpec;
import dev.tally.engine.spec.SpecJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes checkpoints and savepoints: asks every reader for a barrier, collects the readers' source positions,
 * watermarks, counts and exactly-once dead letters, and the subtasks' serialized key groups, counts and
 * exactly-once results and late elements, writes the snapshot on its own thread while the job goes on, keeps the
 * last N checkpoints, then commits the pending exactly-once outputs. One snapshot at a time. Thread-safe.
 */
final class CheckpointCoordinator {

    /** A snapshot being taken. */
    private static final class Pending {
        final long id;
        final String kind;
        final String trigger;
        final boolean stop;
        final long started = System.nanoTime();
        final CompletableFuture<String> done = new CompletableFuture<>();
        final List<Manifest.SourcePartition>[] readers;
        final ReaderOutputs.Taken[] taken;
        final SubtaskState[] subtasks;
        int readersIn;
        int subtasksIn;

        @SuppressWarnings("unchecked")
        Pending(long id, String kind, String trigger, boolean stop, int readers, int subtasks) {
            this.id = id;
            this.kind = kind;
            this.trigger = trigger;
            this.stop = stop;
            this.readers = new List[readers];
            this.taken = new ReaderOutputs.Taken[readers];
            this.subtasks = new SubtaskState[subtasks];
        }
    }

    private final Job job;
    private final JobPlan plan;
    private final SnapshotStore checkpoints;
    private final SnapshotStore savepoints;
    private final TransactionalResults transactional;
    private final Clock clock;
    private final String parent;
    private final int jobVersion;
    private final List<Manifest.SourcePartition>[] finished;
    /** What finished readers hand the next snapshot: their last dead letters (once) and their final counts. */
    private final ReaderOutputs.Taken[] finishedTaken;
    private final ExecutorService writer;
    private final ScheduledExecutorService timer;
    private long nextId;
    private Pending pending;
    private boolean finalTaken;
    private long completed;
    private long failed;
    private Manifest last;
    private String lastId;
    private long lastMillis;

    @SuppressWarnings("unchecked")
    CheckpointCoordinator(Job job, JobPlan plan, SnapshotStore checkpoints, SnapshotStore savepoints,
            TransactionalResults transactional, Clock clock, long firstId, String parent, int jobVersion,
            int readers) {
        this.job = job;
        this.plan = plan;
        this.checkpoints = checkpoints;
        this.savepoints = savepoints;
        this.transactional = transactional;
        this.clock = clock;
        this.nextId = firstId;
        this.parent = parent;
        this.jobVersion = jobVersion;
        this.finished = new List[readers];
        this.finishedTaken = new ReaderOutputs.Taken[readers];
        if (checkpoints != null) {
            checkpoints.removeUnfinished(); // this run owns its stores: clean up after a crashed predecessor
        }
        if (savepoints != null) {
            savepoints.removeUnfinished();
        }
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "tally-" + job.runId() + "-snapshots"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tally-" + job.runId() + "-timer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts periodic checkpoints if the spec asks for them. */
    void start() {
        CheckpointSpec c = plan.spec.checkpoints();
        if (c != null && checkpoints != null) {
            long every = c.interval().toMillis();
            timer.scheduleWithFixedDelay(() -> {
                if (job.state() == JobState.RUNNING) {
                    trigger("CHECKPOINT", "PERIODIC", false, false);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether checkpoints are taken (and so the job ends with a final one). */
    boolean periodic() {
        return plan.spec.checkpoints() != null && checkpoints != null;
    }

    /** Requests a snapshot; the future completes with its id once stored (and, for checkpoints, committed). */
    synchronized CompletableFuture<String> trigger(String kind, String trigger, boolean drain, boolean stop) {
        if (pending != null) {
            if (trigger.equals("PERIODIC")) {
                return CompletableFuture.failedFuture(new IllegalStateException("snapshot " + pending.id
                        + " is still being taken"));
            }
            // a user's snapshot waits for the one being taken, then goes
            return pending.done.handle((id, e) -> null).thenCompose(x -> trigger(kind, trigger, drain, stop));
        }
        SnapshotStore store = kind.equals("SAVEPOINT") ? savepoints : checkpoints;
        if (store == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no " + kind.toLowerCase()
                    + " storage configured for this job"));
        }
        Pending p = new Pending(nextId++, kind, trigger, stop || drain, finished.length, job.subtaskCount());
        pending = p;
        for (int r = 0; r < finished.length; r++) {
            if (finished[r] != null) {
                p.readers[r] = finished[r];
                p.taken[r] = finishedTaken[r];
                finishedTaken[r] = new ReaderOutputs.Taken(TransactionalResults.Pending.NONE, p.taken[r].counters());
                p.readersIn++;
            }
        }
        job.requestBarrier(p.id, drain);
        if (job.isFinalSnapshot(p.id)) {
            finalTaken = true; // every reader had ended: this snapshot holds the whole input, as the final one would
        }
        return p.done;
    }

    /** Whether {@code id} is the barrier of a snapshot being taken. */
    synchronized boolean isSnapshot(long id) {
        return pending != null && pending.id == id;
    }

    /** A reader's barrier {@code id}; on the reader's thread, which is where its outputs are taken. */
    synchronized void readerReported(int reader, long id, List<Manifest.SourcePartition> partitions) {
        if (pending == null || pending.id != id || pending.readers[reader] != null) {
            return;
        }
        pending.readers[reader] = partitions;
        pending.taken[reader] = job.outputs().reader(reader).take();
        pending.readersIn++;
        maybeWrite();
    }

    /**
     * A reader read its input to the end (on its thread): its final positions and counts count for this and every
     * later snapshot, its last dead letters for the first of them.
     */
    synchronized void readerFinished(int reader, List<Manifest.SourcePartition> partitions) {
        finished[reader] = partitions;
        ReaderOutputs.Taken last = job.outputs().reader(reader).take();
        finishedTaken[reader] = last;
        if (pending != null && pending.readers[reader] == null) {
            pending.readers[reader] = partitions;
            pending.taken[reader] = last;
            finishedTaken[reader] = new ReaderOutputs.Taken(TransactionalResults.Pending.NONE, last.counters());
            pending.readersIn++;
            maybeWrite();
        }
        maybeFinal();
    }

    synchronized void subtaskReported(int subtask, long id, SubtaskState state) {
        if (pending == null || pending.id != id) {
            return;
        }
        pending.subtasks[subtask] = state;
        pending.subtasksIn++;
        maybeWrite();
    }

    private void maybeFinal() {
        boolean allFinished = Arrays.stream(finished).allMatch(f -> f != null);
        if (allFinished && periodic() && !finalTaken && pending == null) {
            finalTaken = true;
            trigger("CHECKPOINT", "END", false, false);
        }
    }

    private void maybeWrite() {
        Pending p = pending;
        if (p.readersIn == finished.length && p.subtasksIn == p.subtasks.length) {
            writer.execute(() -> write(p));
        }
    }

    private void write(Pending p) {
        try {
            if (transactional != null) {
                transactional.awaitReady(); // never store a checkpoint before the restored one's outputs are in
            }
            Map<String, BytesOutput> files = new HashMap<>();
            List<Manifest.DataFile> groups = new ArrayList<>();
            List<Manifest.DataFile> outputs = new ArrayList<>();
            Map<String, byte[]> commits = new HashMap<>();
            long watermark = Long.MIN_VALUE;
            long processing = Long.MIN_VALUE;
            TransactionalResults.Pending[] outputsOf = outputsByOwner(p);
            for (int s = 0; s < p.subtasks.length; s++) {
                SubtaskState st = p.subtasks[s];
                watermark = Math.max(watermark, st.watermark());
                processing = Math.max(processing, st.clock());
                for (Map.Entry<Integer, BytesOutput> g : st.groups().entrySet()) {
                    String name = String.format("kg-%05d.bin", g.getKey());
                    files.put(name, g.getValue());
                    groups.add(new Manifest.DataFile(g.getKey(), st.entries().get(g.getKey()), 0, name, null, null));
                }
                if (transactional != null) {
                    String owner = transactional.transactionalId(s);
                    String name = String.format("out-%05d.bin", s);
                    files.put(name, BytesOutput.of(outputsOf[s].bytes()));
                    commits.put(owner, outputsOf[s].bytes());
                    outputs.add(new Manifest.DataFile(s, outputsOf[s].records(), 0, name, null, owner));
                }
            }
            groups.sort((a, b) -> Integer.compare(a.index(), b.index()));
            List<Manifest.SourcePartition> sources = new ArrayList<>();
            for (List<Manifest.SourcePartition> r : p.readers) {
                sources.addAll(r);
            }
            sources.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            String specJson = SpecJson.write(plan.spec);
            Manifest draft = new Manifest(Manifest.FORMAT_VERSION, p.kind, p.id, plan.spec.name(), jobVersion,
                    Job.sha256(specJson), specJson, plan.maxParallelism, plan.parallelism,
                    Instant.ofEpochMilli(clock.millis()).toString(), p.trigger, parent, job.mode(), watermark,
                    processing, sources, groups, outputs, job.writerId(), counters(p));
            SnapshotStore store = p.kind.equals("SAVEPOINT") ? savepoints : checkpoints;
            SnapshotStore.Stored stored = store.write(draft, files);
            if (p.kind.equals("CHECKPOINT")) {
                retain(stored.id());
            }
            if (transactional != null) {
                transactional.commit(p.id, commits);
            }
            done(p, stored.id(), stored.manifest());
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                failed++;
                pending = null;
            }
            p.done.completeExceptionally(e);
            job.fail("snapshot " + p.id, e);
        }
    }

    /** The pending outputs per subtask's transactional id: the subtask's, then those of readers r with r mod P. */
    private static TransactionalResults.Pending[] outputsByOwner(Pending p) {
        TransactionalResults.Pending[] out = new TransactionalResults.Pending[p.subtasks.length];
        for (int s = 0; s < out.length; s++) {
            out[s] = p.subtasks[s].pendingOutput();
        }
        for (int r = 0; r < p.taken.length; r++) {
            out[r % out.length] = out[r % out.length].plus(p.taken[r].pending());
        }
        return out;
    }

    /** Whole-job counters at the barrier: those this run was restored with, plus its readers' and subtasks'. */
    private Manifest.Counters counters(Pending p) {
        Manifest.Counters c = job.metrics().restored();
        for (SubtaskState s : p.subtasks) {
            c = c.plus(s.counters());
        }
        for (ReaderOutputs.Taken t : p.taken) {
            c = c.plus(t.counters());
        }
        return c;
    }

    private void done(Pending p, String id, Manifest m) {
        synchronized (this) {
            completed++;
            last = m;
            lastId = id;
            lastMillis = (System.nanoTime() - p.started) / 1_000_000;
            pending = null;
        }
        p.done.complete(id);
        if (p.stop && !p.trigger.equals("END")) { // after the final checkpoint the subtasks end by themselves
            job.stopAfterSnapshot();
        }
        synchronized (this) {
            maybeFinal();
        }
    }

    private void retain(String newest) {
        int keep = plan.spec.checkpoints() == null ? 1 : plan.spec.checkpoints().retain();
        List<SnapshotStore.Stored> all = checkpoints.list();
        for (int i = 0; i < all.size() - keep; i++) {
            if (!all.get(i).id().equals(newest)) {
                checkpoints.delete(all.get(i).id());
            }
        }
    }

    /** The last completed checkpoint or savepoint, for the stamp of a state query. */
    synchronized StateQueries.Stamp lastStamp() {
        return last == null ? StateQueries.Stamp.NONE : new StateQueries.Stamp(last.checkpointId(), lastId);
    }

    synchronized CheckpointStats stats() {
        return new CheckpointStats(completed, failed, lastId, lastMillis, last == null ? 0 : last.bytes(),
                last == null ? 0 : last.entries(), parent, job.mode());
    }

    void close() {
        timer.shutdownNow();
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        synchronized (this) {
            left = pending;
            pending = null;
        }
        if (left != null) { // never leave a caller waiting for a snapshot that no thread will take any more
            left.done.completeExceptionally(new IllegalStateException("the job ended before "
                    + left.kind.toLowerCase() + " " + left.id + " was complete"));
        }
        if (transactional != null) {
            transactional.close();
        }
    }
}
