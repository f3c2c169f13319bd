package dev.kaizen.nexus.session;

import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The few Redis commands {@link RedisSessionStore} uses, over one client library: Jedis of its own
 * ({@link JedisCommands}), or the application's Spring Data Redis connection factory
 * ({@link SpringDataRedisCommands}). Implementations turn the library's failures that mean "Redis
 * cannot serve now" into {@link Unavailable}; anything else propagates.
 */
interface RedisCommands extends AutoCloseable {

    /** @return where Redis is, for messages: "Redis at host:port" */
    String where();

    /** @return Redis's answer to PING */
    String ping();

    /**
     * Runs a Lua script on one key.
     *
     * @param reply what the script returns
     * @return a {@link Long} for {@link Reply#INTEGER}; a list of strings, or null for a false
     *     reply, for {@link Reply#LIST_OR_NIL}
     */
    @Nullable Object eval(String script, Reply reply, String key, List<String> args);

    /** @return how many keys were deleted */
    long del(String key);

    /**
     * SCANs the keys matching a pattern, handing them over a batch at a time.
     *
     * @param batch keys per batch (and the SCAN count hint)
     * @param eachBatch takes a batch; returns false to stop
     */
    void scan(String match, int batch, Predicate<List<String>> eachBatch);

    /** @return one field of each key (null where missing), read in one round trip */
    List<@Nullable String> hgetEach(List<String> keys, String field);

    /** @return some fields of one hash (null where missing, all null for a missing key) */
    List<@Nullable String> hmget(String key, String... fields);

    @Override
    void close();

    /** What a script returns. */
    enum Reply {
        /** An integer. */
        INTEGER,
        /** A flat list of strings, or false. */
        LIST_OR_NIL
    }

    /** Redis cannot serve now: unreachable, too slow, out of memory, read-only, loading. */
    final class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Unavailable(String what, Throwable cause) {
            super(what, cause);
        }
    }

    /**
     * @param message an error reply from Redis
     * @return why it makes Redis unavailable, or null when it is an error of the command itself
     */
    static @Nullable String unavailableReason(String message) {
        if (message.startsWith("OOM") || message.contains(" OOM ")) {
            return "refuses writes: it is out of memory (maxmemory)";
        }
        if (message.startsWith("READONLY") || message.startsWith("MISCONF") || message.startsWith("LOADING")
                || message.startsWith("BUSY") || message.startsWith("MASTERDOWN")) {
            return "cannot take commands now (" + message.split(" ", 2)[0] + ")";
        }
        return null;
    }
}
