package dev.kaizen.nexus.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.kaizen.nexus.session.RedisSessionStore;
import dev.kaizen.nexus.session.SpringDataRedisSessionStore;

/**
 * The application's own Redis connection, when it uses Spring Data Redis: a session store on it.
 * Only created when Spring Data Redis is on the class path, so nothing else refers to its types.
 */
final class ApplicationRedis {

    private final ObjectProvider<RedisConnectionFactory> factory;

    ApplicationRedis(ObjectProvider<RedisConnectionFactory> factory) {
        this.factory = factory;
    }

    /**
     * @param where where the factory connects, for messages
     * @return a store on the application's connection factory, or null when it has none
     */
    @Nullable RedisSessionStore sessionStore(String where, String prefix, Duration timeout) {
        RedisConnectionFactory connections = factory.getIfAvailable();
        return connections == null ? null
                : SpringDataRedisSessionStore.create(connections, where + " (Spring Data Redis)", prefix, timeout);
    }
}
