package dev.tally.bench;

import dev.tally.engine.io.source.PartitionPositions;
import dev.tally.engine.io.source.PositionedReader;
import dev.tally.engine.io.source.Source;
import dev.tally.engine.io.source.SourceContext;
import dev.tally.engine.io.source.SourceReader;
import java.nio.charset.StandardCharsets;

/**
 * A bounded source of {@code n} records with distinct keys {@code key-0 ... key-(n-1)}, all in the first second
 * of event time, split over partitions: state grows to one counter per key. Never ends by itself (so the job
 * stays up for snapshots); its position is the next key.
 */
final class SyntheticKeys implements Source {

    private final long n;
    private final int partitions;

    SyntheticKeys(long n, int partitions) {
        this.n = n;
        this.partitions = partitions;
    }

    @Override
    public SourceReader reader(int index, int readers) {
        return new PositionedReader(new PartitionPositions(index, readers, partitions)) {

            @Override
            public boolean poll(SourceContext context, long timeoutMillis) throws InterruptedException {
                boolean any = false;
                for (int i = 0; i < positions.count(); i++) {
                    for (int b = 0; b < 2048 && positions.next(i) < n; b++) {
                        long k = positions.next(i);
                        String json = "{\"k\":\"key-" + k + "\",\"t\":" + (k % 1000) + ",\"v\":1}";
                        context.record(i, json.getBytes(StandardCharsets.UTF_8), k);
                        positions.advance(i, partitions);
                        any = true;
                    }
                }
                if (!any) {
                    Thread.sleep(Math.min(timeoutMillis, 20));
                }
                return true;
            }
        };
    }
}
