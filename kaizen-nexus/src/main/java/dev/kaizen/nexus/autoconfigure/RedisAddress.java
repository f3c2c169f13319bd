package dev.kaizen.nexus.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Which Redis the session store (and the shared rate limits) use: {@code kaizen.nexus.sessions.redis-url}
 * when set, else the application's own Spring Boot settings ({@code spring.data.redis.url}, or
 * {@code host}, {@code port}, {@code username}, {@code password}, {@code database},
 * {@code ssl.enabled}), else {@value #DEFAULT}.
 */
final class RedisAddress {

    /** The Redis used when nothing names one. */
    static final String DEFAULT = "redis://127.0.0.1:6379";

    private static final String BOOT = "spring.data.redis.";

    private RedisAddress() {
    }

    /**
     * @param kaizenUrl {@code kaizen.nexus.sessions.redis-url}, or {@code null}
     * @param environment the application's settings
     * @return the Redis URL to connect to
     */
    static String resolve(@Nullable String kaizenUrl, Environment environment) {
        if (kaizenUrl != null && !kaizenUrl.isBlank()) {
            return kaizenUrl.strip();
        }
        String url = environment.getProperty(BOOT + "url");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        String host = environment.getProperty(BOOT + "host");
        String port = environment.getProperty(BOOT + "port");
        String username = environment.getProperty(BOOT + "username");
        String password = environment.getProperty(BOOT + "password");
        String database = environment.getProperty(BOOT + "database");
        boolean ssl = environment.getProperty(BOOT + "ssl.enabled", Boolean.class, false);
        if (host == null && port == null && password == null && database == null && !ssl) {
            return DEFAULT;
        }
        String credentials = password == null ? "" : (username == null ? "" : encoded(username)) + ":"
                + encoded(password) + "@";
        return (ssl ? "rediss" : "redis") + "://" + credentials + (host == null ? "localhost" : host) + ":"
                + (port == null ? "6379" : port) + (database == null ? "" : "/" + database);
    }

    /**
     * @param url a Redis URL
     * @return where it points, without credentials: "Redis at host:port"
     */
    static String describe(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return "Redis at " + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
