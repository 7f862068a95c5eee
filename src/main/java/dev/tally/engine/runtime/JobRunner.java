package dev.tally.engine.runtime;

import dev.tally.engine.io.kafka.KafkaSource;
import dev.tally.engine.io.table.ResultTable;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Runs one job on its own thread: waits for the source topic, then polls, processes and advances the
 * watermark periodically until stopped. Coordinates only; the per-record work is in {@link RecordPipeline}.
 * {@link #stop()}, {@link #state()} and {@link #error()} are thread-safe.
 */
public final class JobRunner implements Runnable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final JobPlan plan;
    private final KafkaSource source;
    private final RecordPipeline pipeline;
    private final Clock clock;
    private final long interval;
    private volatile boolean stopping;
    private volatile JobState state = JobState.STARTING;
    private volatile String error;

    public JobRunner(JobPlan plan, String bootstrapServers, String clientId, Clock clock, JobMetrics metrics,
            DeadLetterBuffer deadLetters, ResultTable results, int maxRecordBytes) {
        this.plan = plan;
        String servers = plan.spec.source().bootstrapServers() != null ? plan.spec.source().bootstrapServers()
                : bootstrapServers;
        this.source = new KafkaSource(servers, plan.spec.source().topic(), plan.spec.source().startFrom(), clientId);
        this.pipeline = new RecordPipeline(plan, metrics, deadLetters, results, maxRecordBytes);
        this.clock = clock;
        this.interval = plan.spec.time().interval().toMillis();
    }

    @Override
    public void run() {
        try {
            int partitions = 0;
            while (!stopping && partitions == 0) {
                partitions = source.assignAll(Duration.ofSeconds(2));
                if (partitions == 0 && !stopping) {
                    error = "waiting for topic " + plan.spec.source().topic();
                    Thread.sleep(500);
                }
            }
            error = null;
            pipeline.partitions(partitions, clock.millis());
            state = JobState.RUNNING;
            long lastAdvance = clock.millis();
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = source.poll(POLL);
                long now = clock.millis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    pipeline.process(r.value(), r.partition(), r.offset(), now);
                }
                if (now - lastAdvance >= interval) {
                    pipeline.advance(now);
                    lastAdvance = now;
                }
            }
            state = JobState.STOPPED;
        } catch (WakeupException | InterruptedException e) {
            state = stopping ? JobState.STOPPED : JobState.FAILED;
        } catch (RuntimeException | Error e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            state = JobState.FAILED;
        } finally {
            source.close();
        }
    }

    /** Asks the job to stop; returns at once. */
    public void stop() {
        stopping = true;
        source.wakeup();
    }

    public JobState state() {
        return state;
    }

    /** The last error, or a note while starting; null when all is well. */
    public String error() {
        return error;
    }
}
