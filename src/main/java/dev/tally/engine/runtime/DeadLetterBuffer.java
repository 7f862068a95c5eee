package dev.tally.engine.runtime;

import dev.tally.engine.io.decode.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The bounded dead-letter output of a job: the most recent dead letters. Thread-safe. */
public final class DeadLetterBuffer {

    private static final int EXCERPT = 1000;
    private final int capacity;
    private final ArrayDeque<DeadLetter> recent = new ArrayDeque<>();

    public DeadLetterBuffer(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(DeadLetterReason reason, int partition, long offset, byte[] bytes) {
        String text = bytes == null ? "" : new String(bytes, 0, Math.min(bytes.length, EXCERPT * 4),
                StandardCharsets.UTF_8);
        if (text.length() > EXCERPT) {
            text = text.substring(0, EXCERPT);
        }
        recent.addLast(new DeadLetter(reason, partition, offset, text));
        if (recent.size() > capacity) {
            recent.removeFirst();
        }
    }

    /** The most recent dead letters, oldest first. */
    public synchronized List<DeadLetter> recent() {
        return new ArrayList<>(recent);
    }
}
