package dev.kaizen.nexus.autoconfigure;

import java.net.URI;

import dev.kaizen.nexus.session.SessionStore;

/**
 * Creates the Redis session store, naming the missing dependency when Jedis is not on the class
 * path (it is optional for applications that keep sessions in memory).
 */
final class RedisSessionStoreFactory {

    static final String DEFAULT_PREFIX = "kaizen:";

    private RedisSessionStoreFactory() {
    }

    static SessionStore create(String url, String prefix, java.time.Duration timeout) {
        try {
            Class.forName("redis.clients.jedis.RedisClient", false, RedisSessionStoreFactory.class.getClassLoader());
        }
        catch (ClassNotFoundException e) {
            throw new IllegalStateException("kaizen.nexus.sessions.store=redis needs the Redis client on the class "
                    + "path: add the dependency redis.clients:jedis", e);
        }
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("kaizen.nexus.sessions.redis-url must be redis://host:port, was " + url);
        }
        return new dev.kaizen.nexus.session.RedisSessionStore(uri, prefix, timeout);
    }
}
