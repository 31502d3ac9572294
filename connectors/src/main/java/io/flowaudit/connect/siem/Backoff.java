package io.flowaudit.connect.siem;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the wait before retry {@code n} (0-based) is {@code min(max, initial * 2^n)},
 * less a random part of up to half of it, so that tasks that failed together do not retry together.
 */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;

    /** @param random values in [0, 1); 0 gives the full, deterministic wait */
    Backoff(long initialMs, long maxMs, DoubleSupplier random) {
        this.initialMs = initialMs;
        this.maxMs = Math.max(initialMs, maxMs);
        this.random = random;
    }

    Backoff(long initialMs, long maxMs) {
        this(initialMs, maxMs, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait before retry {@code attempt} (0 for the first retry). */
    long delayMs(int attempt) {
        long full = attempt >= 62 || initialMs << attempt < 0 ? maxMs : Math.min(maxMs, initialMs << attempt);
        return full - (long) (random.getAsDouble() * (full / 2));
    }

    /**
     * The wait before retry {@code attempt} when the server asked for {@code retryAfterMs} (negative = did not):
     * the larger of the two, capped at the maximum.
     */
    long delayMs(int attempt, long retryAfterMs) {
        return Math.min(maxMs, Math.max(delayMs(attempt), retryAfterMs));
    }

    long maxMs() {
        return maxMs;
    }
}
