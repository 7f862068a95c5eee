package dev.tally.engine.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent items of an output (dead letters, late elements), oldest first. Thread-safe. */
public final class RecentBuffer<T> {

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();

    public RecentBuffer(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(T item) {
        items.addLast(item);
        if (items.size() > capacity) {
            items.removeFirst();
        }
    }

    public synchronized List<T> recent() {
        return new ArrayList<>(items);
    }

    /** The start of a record as text, at most 1,000 characters. */
    static String excerpt(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 4000), java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
