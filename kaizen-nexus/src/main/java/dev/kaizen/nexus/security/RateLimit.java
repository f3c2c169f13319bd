package dev.kaizen.nexus.security;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code requests} calls per {@code period}, refilled gradually (a token bucket: a caller
 * that used its whole allowance gets one call back every {@code period / requests}).
 *
 * @param requests how many calls, at least 1
 * @param period over how long, at least a millisecond
 */
public record RateLimit(long requests, Duration period) {

    /**
     * Checks the values.
     */
    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (requests < 1) {
            throw new IllegalArgumentException("rate limit requests must be at least 1, was " + requests);
        }
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("rate limit period must be at least 1ms, was " + period);
        }
    }

    @Override
    public String toString() {
        return requests + " per " + period;
    }
}
