package io.flowaudit.connect.common;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect backoff with full jitter: the n-th consecutive failure waits a random time in
 * {@code [d/2, d]} with {@code d = min(max, initial * 2^(n-1))}; {@link #reset()} after a success. The jitter
 * keeps many tasks that lost the same server from reconnecting in lockstep. Not thread-safe.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private int failures;

    /**
     * @param initialMs the first wait, at least 1
     * @param maxMs the longest wait, at least {@code initialMs}
     */
    public Backoff(long initialMs, long maxMs) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 1 <= initial <= max, got initial " + initialMs
                    + " ms and max " + maxMs + " ms");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** Records a failure and returns how long to wait before the next attempt, in milliseconds. */
    public long nextDelayMs() {
        failures++;
        long ceiling = initialMs << Math.min(failures - 1, 30);
        long delay = ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    /** Consecutive failures since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** Forgets the failures after a success. */
    public void reset() {
        failures = 0;
    }
}
