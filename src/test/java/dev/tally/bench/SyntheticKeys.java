package dev.tally.bench;

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
        return new SourceReader() {
            private final int[] mine = owned(index, readers);
            private final long[] next = initial(mine);

            @Override
            public int open() {
                return mine.length;
            }

            @Override
            public boolean poll(SourceContext context, long timeoutMillis) throws InterruptedException {
                boolean any = false;
                for (int i = 0; i < mine.length; i++) {
                    for (int b = 0; b < 2048 && next[i] < n; b++) {
                        long k = next[i];
                        String json = "{\"k\":\"key-" + k + "\",\"t\":" + (k % 1000) + ",\"v\":1}";
                        context.record(i, json.getBytes(StandardCharsets.UTF_8), k);
                        next[i] += partitions;
                        any = true;
                    }
                }
                if (!any) {
                    Thread.sleep(Math.min(timeoutMillis, 20));
                }
                return true;
            }

            @Override
            public int partitionId(int local) {
                return mine[local];
            }

            @Override
            public long position(int local) {
                return next[local];
            }

            @Override
            public void seek(java.util.Map<Integer, Long> positions) {
                for (int i = 0; i < mine.length; i++) {
                    Long p = positions.get(mine[i]);
                    if (p != null) {
                        next[i] = p;
                    }
                }
            }

            @Override
            public void wakeup() {
            }

            @Override
            public void close() {
            }
        };
    }

    private int[] owned(int index, int readers) {
        int count = 0;
        for (int p = index; p < partitions; p += readers) {
            count++;
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = index + i * readers;
        }
        return out;
    }

    private static long[] initial(int[] mine) {
        long[] next = new long[mine.length];
        for (int i = 0; i < mine.length; i++) {
            next[i] = mine[i];
        }
        return next;
    }

    /** Whether every record has been read (all readers past the end). */
    long total() {
        return n;
    }
}
