package dev.kaizen.nexus.security;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Rate limits kept in this process: one Bucket4j token bucket per key, dropped once it would be
 * full again (so memory follows the callers active within one period, not every caller ever seen).
 */
public final class LocalRateLimiter implements RateLimiter {

    private record Entry(Bucket bucket, Duration period) {
    }

    private final Cache<String, Entry> buckets = Caffeine.newBuilder()
            .expireAfter(Expiry.accessing((String key, Entry entry) -> entry.period()))
            .build();

    @Override
    public Optional<Duration> tryAcquire(String key, RateLimit limit) {
        Entry entry = buckets.get(key + "|" + limit, k -> new Entry(bucketOf(limit), limit.period()));
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /**
     * @param limit an allowance
     * @return a full bucket of {@code requests} tokens refilled evenly over {@code period}
     */
    static Bandwidth bandwidthOf(RateLimit limit) {
        return Bandwidth.builder().capacity(limit.requests()).refillGreedy(limit.requests(), limit.period()).build();
    }

    private static Bucket bucketOf(RateLimit limit) {
        return Bucket.builder().addLimit(bandwidthOf(limit)).build();
    }
}
