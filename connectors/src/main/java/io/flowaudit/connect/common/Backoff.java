package io.flowaudit.connect.common;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, shared by the reconnecting sources and the retrying sink: the wait before
 * retry {@code n} (0-based) is a random time in {@code [d/2, d]} with {@code d = min(max, initial * 2^n)}. The
 * jitter keeps many tasks that lost the same server from retrying in lockstep. The counting form
 * ({@link #nextDelayMs()}, {@link #reset()}) is not thread-safe.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param initialMs the first wait, at least 1
     * @param maxMs the longest wait, at least {@code initialMs}
     */
    public Backoff(long initialMs, long maxMs) {
        this(initialMs, maxMs, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1); 0 gives the full, deterministic wait (for tests) */
    public Backoff(long initialMs, long maxMs, DoubleSupplier random) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 1 <= initial <= max, got initial " + initialMs
                    + " ms and max " + maxMs + " ms");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The wait before retry {@code attempt} (0 for the first retry). */
    public long delayMs(int attempt) {
        long full = attempt >= 62 || initialMs << attempt <= 0 ? maxMs : Math.min(maxMs, initialMs << attempt);
        return full - (long) (random.getAsDouble() * (full / 2));
    }

    /**
     * The wait before retry {@code attempt} when the server asked for {@code retryAfterMs} (negative = did not):
     * the larger of the two, capped at the maximum.
     */
    public long delayMs(int attempt, long retryAfterMs) {
        return Math.min(maxMs, Math.max(delayMs(attempt), retryAfterMs));
    }

    public long maxMs() {
        return maxMs;
    }

    /** Records a failure and returns how long to wait before the next attempt, in milliseconds. */
    public long nextDelayMs() {
        failures++;
        return delayMs(failures - 1);
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
