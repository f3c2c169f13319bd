package dev.kaizen.nexus.autoconfigure;

import java.net.URI;
import java.time.Duration;

import dev.kaizen.nexus.runs.RedisRunStore;
import dev.kaizen.nexus.runs.RunStore;
import dev.kaizen.nexus.security.RateLimiter;
import dev.kaizen.nexus.security.RedisRateLimiter;
import dev.kaizen.nexus.session.SessionStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the Redis session store, naming the missing dependency when Jedis is not on the class
 * path (it is optional for applications that keep sessions in memory).
 */
final class RedisSessionStoreFactory {

    static final String DEFAULT_PREFIX = "kaizen:";

    private RedisSessionStoreFactory() {
    }

    static SessionStore create(String url, String prefix, java.time.Duration timeout) {
        requireClass("redis.clients.jedis.RedisClient", "kaizen.nexus.sessions.store=redis", "redis.clients:jedis");
        return new dev.kaizen.nexus.session.RedisSessionStore(redisUri(url), prefix, timeout);
    }

    /** Rate limits on the sessions' Redis, shared by every instance using it. */
    static RateLimiter rateLimiter(String url, String prefix, java.time.Duration timeout) {
        requireClass("io.github.bucket4j.redis.jedis.Bucket4jJedis",
                "rate limits with kaizen.nexus.sessions.store=redis", "com.bucket4j:bucket4j_jdk17-jedis");
        return new RedisRateLimiter(redisUri(url), prefix, timeout);
    }

    /** Runs that answer at once on the sessions' Redis, read, followed and cancelled from every instance. */
    static RunStore runStore(String url, String prefix, Duration timeout, Duration retention, Duration leaseTime) {
        requireClass("redis.clients.jedis.RedisClient", "kaizen.nexus.runs.store=redis", "redis.clients:jedis");
        return new RedisRunStore(redisUri(url), prefix, timeout, retention, leaseTime, JsonMapper.builder().build());
    }

    private static URI redisUri(String url) {
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("kaizen.nexus.sessions.redis-url must be redis://host:port, was " + url);
        }
        return uri;
    }

    private static void requireClass(String name, String feature, String dependency) {
        try {
            Class.forName(name, false, RedisSessionStoreFactory.class.getClassLoader());
        }
        catch (ClassNotFoundException e) {
            throw new IllegalStateException(feature + " needs " + dependency + " on the class path: add that dependency",
                    e);
        }
    }
}
