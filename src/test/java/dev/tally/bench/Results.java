package dev.tally.bench;

import dev.tally.testing.CommittedRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Emission times of a job's results: the Kafka timestamps (producer clock, epoch ms) of the records in its result
 * topic as a read_committed consumer sees them, and the figures the control-plane benchmark takes from them.
 */
final class Results {

    private Results() {
    }

    /** Every result's timestamp, sorted. */
    static List<Long> times(String bootstrap, String topic) {
        List<Long> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.read(bootstrap, topic)) {
            out.add(r.timestamp());
        }
        out.sort(null);
        return out;
    }

    /** Waits (up to 2 minutes) for the first result emitted at or after {@code t}; its timestamp. */
    static long firstAfter(String bootstrap, String topic, long t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            long first = firstAtOrAfter(times(bootstrap, topic), t);
            if (first >= 0) {
                return first;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the topic; nothing to be told by
        }
        throw new IllegalStateException("no result in " + topic + " after " + t);
    }

    /** The last time before {@code t}; -1 when none. */
    static long lastBefore(List<Long> sorted, long t) {
        long last = -1;
        for (long x : sorted) {
            if (x >= t) {
                break;
            }
            last = x;
        }
        return last;
    }

    /** The first time at or after {@code t}; -1 when none. */
    static long firstAtOrAfter(List<Long> sorted, long t) {
        for (long x : sorted) {
            if (x >= t) {
                return x;
            }
        }
        return -1;
    }

    /** The median gap between consecutive distinct result times in {@code [from, to)}: the steady state's. */
    static long medianGap(List<Long> sorted, long from, long to) {
        List<Long> gaps = new ArrayList<>();
        long prev = -1;
        for (long x : sorted) {
            if (x < from || x >= to || x == prev) {
                continue;
            }
            if (prev >= 0) {
                gaps.add(x - prev);
            }
            prev = x;
        }
        gaps.sort(null);
        return gaps.isEmpty() ? -1 : gaps.get(gaps.size() / 2);
    }

    /** {@code median [min–max]} of samples (ms), or the one sample. */
    static String stats(List<Long> samples) {
        List<Long> s = new ArrayList<>(samples);
        s.sort(null);
        long median = s.get(s.size() / 2);
        return s.size() == 1 ? String.format("%,d", median)
                : String.format("%,d [%,d–%,d]", median, s.get(0), s.get(s.size() - 1));
    }
}
