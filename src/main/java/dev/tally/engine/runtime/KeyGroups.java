package dev.tally.engine.runtime;

/**
 * Key → key group → owning subtask, as in Flink: key group = murmur(hash(key)) mod maxParallelism, and subtask
 * {@code i} of {@code P} owns the contiguous key groups {@code [ceil(i·M/P), ceil((i+1)·M/P))}.
 * Stateless and thread-safe.
 */
public final class KeyGroups {

    private KeyGroups() {
    }

    public static int keyGroup(String key, int maxParallelism) {
        return keyGroupOfHash(key.hashCode(), maxParallelism);
    }

    /** The key group of the keys whose {@code String.hashCode()} is {@code keyHash}. */
    public static int keyGroupOfHash(int keyHash, int maxParallelism) {
        return murmur(keyHash) % maxParallelism;
    }

    public static int subtask(int keyGroup, int maxParallelism, int parallelism) {
        return keyGroup * parallelism / maxParallelism;
    }

    /** First key group owned by a subtask. */
    public static int firstKeyGroup(int subtask, int maxParallelism, int parallelism) {
        return (subtask * maxParallelism + parallelism - 1) / parallelism;
    }

    /** Murmur3's 32-bit mix of one int, made non-negative. */
    static int murmur(int code) {
        int k = code * 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1b873593;
        int h = Integer.rotateLeft(k, 13);
        h = h * 5 + 0xe6546b64;
        h ^= 4;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h >= 0 ? h : h == Integer.MIN_VALUE ? 0 : -h;
    }
}
