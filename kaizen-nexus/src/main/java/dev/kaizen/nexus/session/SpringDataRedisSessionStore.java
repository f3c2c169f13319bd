package dev.kaizen.nexus.session;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Redis session stores that go through an application's Spring Data Redis
 * {@link RedisConnectionFactory}: the same server, credentials, TLS, Sentinel or cluster settings
 * and connections as the rest of the application. In a Spring Boot application with Spring Data
 * Redis, {@code kaizen.nexus.sessions.store=redis} uses the application's factory this way.
 */
public final class SpringDataRedisSessionStore {

    private SpringDataRedisSessionStore() {
    }

    /**
     * @param factory the application's connection factory; the application closes it, not the store
     * @param where where it connects, for messages, such as {@code "Redis at 127.0.0.1:6379"}
     * @param prefix prepended to every key, such as {@value RedisSessionStore#DEFAULT_PREFIX}
     * @param timeout after a failure, calls fail at once for four times this before one tries
     *     again (a command's own timeout is the factory's: {@code spring.data.redis.timeout})
     * @return the store
     */
    public static RedisSessionStore create(RedisConnectionFactory factory, String where, String prefix,
            Duration timeout) {
        return new RedisSessionStore(new SpringDataRedisCommands(factory, where), prefix, timeout);
    }
}
