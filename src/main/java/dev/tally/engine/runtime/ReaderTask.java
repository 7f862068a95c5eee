package dev.tally.engine.runtime;

import dev.tally.engine.io.source.SourceReader;
import java.time.Clock;

/**
 * One source reader on its own thread: opens its partitions (waiting while the source is not there yet),
 * then polls, runs each record through its {@link ReaderPipeline}, emits watermarks (per record, or every
 * interval), processing-time ticks when the job uses processing time, and barriers when asked; at the end of a
 * bounded input it sends end-of-input to every subtask. Reads the clock once per pass.
 */
final class ReaderTask implements Runnable {

    private static final long POLL_MILLIS = 100;

    private final int index;
    private final SourceReader source;
    private final ReaderPipeline pipeline;
    private final Outbox outbox;
    private final Clock clock;
    private final boolean perRecord;
    private final boolean ticks;
    private final long interval;
    private final Job job;
    private final java.util.Map<Integer, dev.tally.engine.snapshot.Manifest.SourcePartition> restored;
    private volatile boolean stopping;
    private volatile long barrierRequest = Long.MIN_VALUE;
    private volatile boolean drainRequest;
    private long barrierDone = Long.MIN_VALUE;
    private int partitions;

    ReaderTask(int index, SourceReader source, ReaderPipeline pipeline, Outbox outbox, Clock clock, boolean perRecord,
            boolean ticks, long interval, Job job,
            java.util.Map<Integer, dev.tally.engine.snapshot.Manifest.SourcePartition> restored) {
        this.index = index;
        this.source = source;
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.clock = clock;
        this.perRecord = perRecord;
        this.ticks = ticks;
        this.interval = interval;
        this.job = job;
        this.restored = restored;
    }

    @Override
    public void run() {
        try {
            while ((partitions = source.open()) < 0) {
                if (stopping) {
                    return;
                }
                job.note("waiting for the source to exist");
                Thread.sleep(500);
            }
            pipeline.partitions(partitions, clock.millis());
            restore();
            job.readerOpened(index);
            pipeline.emitWatermark();
            outbox.flush();
            loop();
        } catch (InterruptedException | JobStoppedException e) {
            Thread.currentThread().interrupt();
        } catch (dev.tally.engine.io.source.SourceStoppedException e) {
            // the job is stopping (the only reason a reader throws this): nothing failed
        } catch (RuntimeException | Error e) {
            job.fail("reader " + index, e);
        } finally {
            source.close();
            job.readerEnded(index);
        }
    }

    private void loop() throws InterruptedException {
        long lastEmit = clock.millis();
        while (!stopping) {
            pipeline.now(clock.millis());
            boolean more = source.poll(pipeline, POLL_MILLIS);
            pipeline.publishCounts();
            long now = clock.millis();
            pipeline.now(now);
            if (ticks) {
                pipeline.tick();
            }
            if (!perRecord && now - lastEmit >= interval) {
                pipeline.flushPartials(); // live state queries see what was read at most one interval ago
                pipeline.emitWatermark();
                lastEmit = now;
            }
            carryBarrier();
            outbox.flush();
            if (!more) {
                pipeline.emitWatermark();
                // from here on a requested barrier goes to the subtasks without this reader; one requested before
                // is carried now, or no subtask would ever align on it (and a bounded run would never end)
                job.readerEnding(index);
                carryBarrier();
                job.readerFinished(index, pipeline.positions(source, partitions));
                pipeline.end();
                outbox.flush();
                return;
            }
        }
    }

    /** Passes on the barrier last requested, if this reader has not yet: its positions, then the barrier itself. */
    private void carryBarrier() {
        long barrier = barrierRequest;
        if (barrier != barrierDone) {
            barrierDone = barrier;
            if (drainRequest) {
                pipeline.drain();
            }
            job.readerReported(index, barrier, pipeline.positions(source, partitions));
            pipeline.sync(barrier);
        }
    }

    private void restore() {
        if (restored == null) {
            return;
        }
        java.util.Map<Integer, Long> positions = new java.util.HashMap<>();
        restored.forEach((p, s) -> positions.put(p, s.position()));
        source.seek(positions);
        for (int local = 0; local < partitions; local++) {
            var s = restored.get(source.partitionId(local));
            if (s != null) {
                pipeline.restore(local, s.watermark(), s.idle());
            }
        }
    }

    /** Asks for a barrier at the end of the current pass; with {@code drain}, watermark +∞ just before it. */
    void requestBarrier(long id, boolean drain) {
        drainRequest = drain;
        barrierRequest = id;
        source.wakeup();
    }

    void stop() {
        stopping = true;
        source.stop();
    }
}
