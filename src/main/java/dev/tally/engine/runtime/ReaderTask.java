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
    private volatile boolean stopping;
    private volatile long syncRequest = -1;
    private long syncDone = -1;

    ReaderTask(int index, SourceReader source, ReaderPipeline pipeline, Outbox outbox, Clock clock, boolean perRecord,
            boolean ticks, long interval, Job job) {
        this.index = index;
        this.source = source;
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.clock = clock;
        this.perRecord = perRecord;
        this.ticks = ticks;
        this.interval = interval;
        this.job = job;
    }

    @Override
    public void run() {
        try {
            int partitions;
            while ((partitions = source.open()) < 0) {
                if (stopping) {
                    return;
                }
                job.note("waiting for the source to exist");
                Thread.sleep(500);
            }
            pipeline.partitions(partitions, clock.millis());
            job.readerOpened(index);
            pipeline.emitWatermark();
            outbox.flush();
            loop();
        } catch (InterruptedException | JobStoppedException e) {
            Thread.currentThread().interrupt();
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
            long now = clock.millis();
            pipeline.now(now);
            if (ticks) {
                pipeline.tick();
            }
            if (!perRecord && now - lastEmit >= interval) {
                pipeline.emitWatermark();
                lastEmit = now;
            }
            long sync = syncRequest;
            if (sync > syncDone) {
                syncDone = sync;
                pipeline.sync(sync);
            }
            outbox.flush();
            if (!more) {
                pipeline.emitWatermark();
                pipeline.end();
                outbox.flush();
                return;
            }
        }
    }

    /** Asks for a barrier at the end of the current pass. */
    void requestSync(long id) {
        syncRequest = id;
        source.wakeup();
    }

    void stop() {
        stopping = true;
        source.wakeup();
    }
}
