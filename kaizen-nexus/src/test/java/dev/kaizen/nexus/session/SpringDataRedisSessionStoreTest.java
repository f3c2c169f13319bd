package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The contract on a real redis-server through Spring Data Redis (Lettuce), as an application that
 * uses Spring Data Redis has it; and sessions shared with a store that uses Jedis of its own.
 */
class SpringDataRedisSessionStoreTest extends SessionStoreContract {

    private static RedisServer redis;

    private static int prefixes;

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeFactories() {
        factories.forEach(LettuceConnectionFactory::destroy);
    }

    @Override
    protected NexusSessionManager newManager(NexusSessionManager.Builder limits) {
        return limits.sessionTtl(Duration.ofMinutes(30)).store(store(redis.port(), "spring" + (prefixes++) + ":"))
                .build();
    }

    @Override
    protected void letExpire(Duration ttl, List<String> ids) {
        RedisSessionStoreTest.awaitExpiry(sessions, ids);
    }

    @Test
    void aJedisStoreAndASpringDataStoreOnOneRedisShareSessions() {
        try (NexusSessionManager spring = NexusSessionManager.builder().store(store(redis.port(), "both:")).build();
                NexusSessionManager jedis = NexusSessionManager.builder()
                        .store(new RedisSessionStore(redis.uri(), "both:")).build()) {
            String id = spring.createSession("bob").id();
            spring.updateSessionState(id, Map.of("from", "spring"), "api");

            jedis.updateSessionState(id, Map.of("to", "jedis"), "mcp");

            assertThat(spring.getSessionState(id).orElseThrow()).containsEntry("from", "spring")
                    .containsEntry("to", "jedis");
            assertThat(jedis.getSession(id).orElseThrow().userId()).isEqualTo("bob");
            assertThat(spring.sessionIdsOf("bob", 10)).containsExactly(id);
        }
    }

    @Test
    void anUnreachableRedisIsAClearStoreFailure() {
        try (NexusSessionManager down = NexusSessionManager.builder().store(store(9, "x:")).build()) {
            assertThatThrownBy(down::createSession).isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageStartingWith("the session store (Redis at 127.0.0.1:9) cannot be reached");
            assertThat(down.checkStore()).isFalse();
        }
    }

    private RedisSessionStore store(int port, String prefix) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1",
                port), LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return SpringDataRedisSessionStore.create(factory, "Redis at 127.0.0.1:" + port, prefix,
                RedisSessionStore.DEFAULT_TIMEOUT);
    }
}
