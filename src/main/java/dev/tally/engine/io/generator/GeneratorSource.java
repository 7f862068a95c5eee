package dev.tally.engine.io.generator;

import dev.tally.engine.io.source.PartitionPositions;
import dev.tally.engine.io.source.PositionedReader;
import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.source.SourceContext;
import dev.tally.engine.io.source.SourceReader;
import dev.tally.engine.spec.SourceSpec;
import java.time.Clock;

/**
 * The built-in ad event generator as a source: event {@code k} belongs to partition {@code k mod partitions} and
 * has offset {@code k}; partition {@code p} is read by reader {@code p mod readers}. Bounded when a count is set;
 * paced to the rate in wall-clock time when asked. Seekable: the same offsets give the same events.
 */
public final class GeneratorSource implements Source {

    private final SourceSpec.GeneratorSpec spec;
    private final AdEventGenerator generator;
    private final Clock clock;

    public GeneratorSource(SourceSpec.GeneratorSpec spec, long baseTime, Clock clock) {
        this.spec = spec;
        this.generator = new AdEventGenerator(spec.seed(), baseTime, spec.rate() / 1000.0);
        this.clock = clock;
    }

    @Override
    public SourceReader reader(int index, int readers) {
        return new Reader(index, readers);
    }

    /**
     * Events per partition in one poll: about a millisecond of work for two partitions. The reader hands its
     * batches to the subtasks after each poll, and every hand-over may wake a parked subtask (a system call);
     * 256 made 16,000 of them a second at P=2, 13 % of the CPU time in the kernel.
     */
    static final int PASS = 2048;

    private final class Reader extends PositionedReader {

        private final long started = clock.millis();
        private final byte[] scratch = new byte[AdEventGenerator.MAX_EVENT_BYTES];

        Reader(int index, int readers) {
            super(new PartitionPositions(index, readers, spec.partitions()));
        }

        @Override
        public boolean poll(SourceContext context, long timeoutMillis) throws InterruptedException {
            long limit = spec.count() > 0 ? spec.count() : Long.MAX_VALUE;
            if (spec.paced()) {
                limit = Math.min(limit, (clock.millis() - started) * spec.rate() / 1000 + 1);
            }
            boolean more = false;
            int produced = 0;
            for (int i = 0; i < positions.count(); i++) {
                for (int n = 0; n < PASS && positions.next(i) < limit; n++) {
                    long k = positions.next(i);
                    context.record(i, java.util.Arrays.copyOf(scratch, generator.event(k, scratch)), k);
                    positions.advance(i, spec.partitions());
                    produced++;
                }
                more |= spec.count() == 0 || positions.next(i) < spec.count();
            }
            if (produced == 0 && more) {
                Thread.sleep(Math.min(timeoutMillis, 10));
            }
            return more;
        }
    }
}
