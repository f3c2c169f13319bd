package dev.kaizen.nexus.security;

import java.time.Duration;
import java.util.Optional;

/**
 * Counts calls against {@link RateLimit}s, keyed on the caller (and workflow) rather than the
 * connection. Implementations are thread-safe.
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Takes one call from a key's allowance.
     *
     * @param key what the calls are counted under, such as {@code authenticated:alice|qa}
     * @param limit the allowance
     * @return empty if the call may go ahead; otherwise how long until the next one may
     */
    Optional<Duration> tryAcquire(String key, RateLimit limit);

    /** Releases the limiter's resources (connections); the default has none. */
    @Override
    default void close() {
    }
}
