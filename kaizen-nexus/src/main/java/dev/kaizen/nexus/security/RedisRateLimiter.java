package dev.kaizen.nexus.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.github.bucket4j.redis.jedis.cas.JedisBasedProxyManager;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Rate limits shared by every instance on one Redis (the sessions' Redis): Bucket4j's buckets
 * stored under {@code <prefix>ratelimit:<key>}, each expiring once it would be full again. When
 * Redis cannot be reached the call is let through (and the session store, on the same server, will
 * refuse what needs it): a limiter outage must not take every workflow down with it.
 */
public final class RedisRateLimiter implements RateLimiter {

    private final RedisClient client;

    private final JedisBasedProxyManager<byte[]> buckets;

    private final String prefix;

    /**
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param prefix prepended to every key
     * @param timeout how long connecting or a command may take
     */
    public RedisRateLimiter(URI redis, String prefix, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.client = RedisClient.builder().hostAndPort(redis.getHost(), redis.getPort())
                .clientConfig(DefaultJedisClientConfig.builder(redis).connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).build())
                .build();
        this.buckets = Bucket4jJedis.casBasedBuilder(client)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build();
        this.prefix = prefix + "ratelimit:";
    }

    @Override
    public Optional<Duration> tryAcquire(String key, RateLimit limit) {
        byte[] redisKey = (prefix + key + "|" + limit.requests() + "/" + limit.period().toMillis())
                .getBytes(StandardCharsets.UTF_8);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(LocalRateLimiter.bandwidthOf(limit)).build();
        try {
            ConsumptionProbe probe = buckets.builder().build(redisKey, () -> configuration)
                    .tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? Optional.empty()
                    : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        catch (RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
