package dev.kaizen.nexus.session;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Sessions in Redis, shared by every Nexus instance pointed at the same server: through a Jedis
 * client of its own ({@link #RedisSessionStore(URI, String, Duration)}), or through an
 * application's Spring Data Redis connection factory ({@link SpringDataRedisSessionStore}).
 *
 * <h2>Layout</h2>
 * One hash per session, {@code {prefix}session:{id}}: {@code created}, {@code accessed},
 * {@code ttl} (ms), {@code user}, {@code bytes} (state size), {@code c:{channel}} (last touch per
 * channel) and {@code s:{key}} (each state value as JSON text).
 *
 * <h2>Expiration</h2>
 * Redis's own: every access re-arms {@code PEXPIRE} with the session's TTL. Redis removes expired
 * keys itself, so {@link #removeExpired()} has nothing to do. A bound on the number of sessions is
 * Redis's {@code maxmemory} with an LRU policy.
 *
 * <h2>Atomicity</h2>
 * Create, touch and merge are Lua scripts, atomic on the server; a merge checks the size limit
 * and writes in the same script. {@link #compute} reads and writes one key under
 * {@code WATCH}/{@code MULTI}, retrying when another writer got there first.
 */
public final class RedisSessionStore implements SessionStore {

    /** The key prefix unless configured otherwise. */
    public static final String DEFAULT_PREFIX = "kaizen:";

    private static final String CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'created', ARGV[1], 'accessed', ARGV[1], 'ttl', ARGV[2], 'bytes', 0)
            if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'user', ARGV[4]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private static final String TOUCH = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return false end
            redis.call('HSET', KEYS[1], 'accessed', ARGV[1])
            if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'c:' .. ARGV[2], ARGV[1]) end
            redis.call('PEXPIRE', KEYS[1], redis.call('HGET', KEYS[1], 'ttl'))
            return redis.call('HGETALL', KEYS[1])
            """;

    /** Returns -1 for a missing session, -2 - size when over the limit, else the new size. */
    private static final String MERGE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            local size = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0')
            for i = 4, #ARGV, 2 do
              local field = 's:' .. ARGV[i]
              if redis.call('HEXISTS', KEYS[1], field) == 1 then
                size = size - string.len(ARGV[i]) - redis.call('HSTRLEN', KEYS[1], field)
              end
              size = size + string.len(ARGV[i]) + string.len(ARGV[i + 1])
            end
            if size > tonumber(ARGV[3]) then return -2 - size end
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], 's:' .. ARGV[i], ARGV[i + 1]) end
            redis.call('HSET', KEYS[1], 'bytes', size, 'accessed', ARGV[2])
            if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'c:' .. ARGV[1], ARGV[2]) end
            redis.call('PEXPIRE', KEYS[1], redis.call('HGET', KEYS[1], 'ttl'))
            return size
            """;

    private static final int COMPUTE_ATTEMPTS = 100;

    /** SCAN count hint, and keys per owner lookup. */
    private static final int SCAN_BATCH = 1000;

    private final RedisCommands redis;

    private final String prefix;

    private final StoreBreaker breaker;

    /** How long a health check's answer stands before the next one pings Redis. */
    static final long CHECK_EVERY_MILLIS = 2_000;

    private volatile long lastCheckNanos;

    private volatile boolean lastCheck = true;

    /** How long a command may take before the store counts as unavailable, unless configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    /**
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param prefix prepended to every key, such as {@value #DEFAULT_PREFIX}
     */
    public RedisSessionStore(URI redis, String prefix) {
        this(redis, prefix, DEFAULT_TIMEOUT);
    }

    /**
     * A store with a Jedis client of its own.
     *
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param prefix prepended to every key, such as {@value #DEFAULT_PREFIX}
     * @param timeout how long connecting, a command, or waiting for a pooled connection may take;
     *     after a failure, calls fail at once for four times this before one tries again
     */
    public RedisSessionStore(URI redis, String prefix, Duration timeout) {
        this(new JedisCommands(redis, timeout), prefix, timeout);
    }

    /**
     * @param redis the commands, over one client library
     * @param prefix prepended to every key
     * @param timeout after a failure, calls fail at once for four times this before one tries again
     */
    RedisSessionStore(RedisCommands redis, String prefix, Duration timeout) {
        this.redis = redis;
        this.prefix = prefix;
        this.breaker = new StoreBreaker(redis.where(), timeout.multipliedBy(4));
    }

    @Override
    public String toString() {
        return redis.where();
    }

    @Override
    public boolean isAvailable() {
        return !breaker.isDown();
    }

    /** A PING through the breaker, asked at most every {@value #CHECK_EVERY_MILLIS} ms. */
    @Override
    public boolean check() {
        long now = System.nanoTime();
        long last = lastCheckNanos;
        if (last != 0 && now - last < CHECK_EVERY_MILLIS * 1_000_000) {
            return lastCheck;
        }
        lastCheckNanos = now;
        boolean answered;
        try {
            answered = "PONG".equals(call(redis::ping));
        }
        catch (SessionStoreUnavailableException down) {
            answered = false;
        }
        lastCheck = answered;
        return answered;
    }

    @Override
    public StoredSession create(String id, @Nullable String userId, Duration ttl, Instant now) {
        Object created = call(() -> redis.eval(CREATE, RedisCommands.Reply.INTEGER, key(id),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(ttl.toMillis()), userId == null ? "0" : "1",
                        userId == null ? "" : userId)));
        if (((Number) created).longValue() == 0) {
            throw new SessionExistsException(id);
        }
        return new StoredSession(id, userId, now, now, ttl, Map.of(), Map.of());
    }

    @Override
    public Optional<StoredSession> touch(String id, @Nullable String channel, Instant now) {
        Object fields = call(() -> redis.eval(TOUCH, RedisCommands.Reply.LIST_OR_NIL, key(id),
                List.of(Long.toString(now.toEpochMilli()), channel == null ? "" : channel)));
        return fields instanceof List<?> list && !list.isEmpty() ? Optional.of(decode(id, list)) : Optional.empty();
    }

    @Override
    public boolean merge(String id, Map<String, String> updates, @Nullable String channel, Instant now,
            long maxStateBytes) {
        List<String> args = new ArrayList<>(List.of(channel == null ? "" : channel,
                Long.toString(now.toEpochMilli()), Long.toString(maxStateBytes)));
        updates.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        long result = ((Number) call(() -> redis.eval(MERGE, RedisCommands.Reply.INTEGER, key(id), args)))
                .longValue();
        if (result <= -2) {
            throw new SessionStateTooLargeException(id, -2 - result, maxStateBytes);
        }
        return result >= 0;
    }

    @Override
    public Optional<String> compute(String id, String key, UnaryOperator<@Nullable String> change,
            @Nullable String channel, Instant now, long maxStateBytes) {
        String sessionKey = key(id);
        String field = "s:" + key;
        return call(() -> redis.optimistically(connection -> {
            for (int attempt = 0; attempt < COMPUTE_ATTEMPTS; attempt++) {
                connection.watch(sessionKey);
                List<@Nullable String> current = connection.hmget(sessionKey, "ttl", "bytes", field);
                String ttl = current.isEmpty() ? null : current.getFirst();
                if (ttl == null) {
                    connection.unwatch();
                    return Optional.<String>empty();
                }
                String old = current.get(2);
                String value = change.apply(old);
                long size = Long.parseLong(String.valueOf(current.get(1)))
                        - (old == null ? 0 : Utf8.length(key) + Utf8.length(old))
                        + (value == null ? 0 : Utf8.length(key) + Utf8.length(value));
                if (size > maxStateBytes) {
                    connection.unwatch();
                    throw new SessionStateTooLargeException(id, size, maxStateBytes);
                }
                Map<String, String> set = new LinkedHashMap<>();
                if (value != null) {
                    set.put(field, value);
                }
                set.put("bytes", Long.toString(size));
                set.put("accessed", Long.toString(now.toEpochMilli()));
                if (channel != null) {
                    set.put("c:" + channel, Long.toString(now.toEpochMilli()));
                }
                if (connection.exec(sessionKey, value == null ? List.of(field) : List.of(), set, Long.parseLong(ttl))) {
                    return Optional.ofNullable(value);
                }
            }
            throw new IllegalStateException("session '" + id + "' key '" + key + "' kept changing under "
                    + COMPUTE_ATTEMPTS + " attempts to update it");
        }));
    }

    @Override
    public boolean delete(String id) {
        return call(() -> redis.del(key(id))) > 0;
    }

    @Override
    public int removeExpired() {
        return 0;
    }

    @Override
    public long activeCount() {
        return call(() -> {
            long[] count = { 0 };
            redis.scan(prefix + "session:*", SCAN_BATCH, keys -> {
                count[0] += keys.size();
                return true;
            });
            return count[0];
        });
    }

    @Override
    public long expiredCount() {
        return 0;
    }

    @Override
    public List<String> ids(int limit) {
        return scan(limit, null);
    }

    @Override
    public List<String> idsOf(String userId, int limit) {
        return scan(limit, userId);
    }

    /** SCANs session keys; with an owner, reads each batch's owners in one round trip. */
    private List<String> scan(int limit, @Nullable String owner) {
        return call(() -> {
            List<String> ids = new ArrayList<>();
            redis.scan(prefix + "session:*", SCAN_BATCH, batch -> {
                List<String> keys = owner == null ? batch : ownedBy(owner, batch);
                for (int i = 0; i < keys.size() && ids.size() < limit; i++) {
                    ids.add(keys.get(i).substring((prefix + "session:").length()));
                }
                return ids.size() < limit;
            });
            return ids;
        });
    }

    private List<String> ownedBy(String owner, List<String> keys) {
        List<@Nullable String> owners = redis.hgetEach(keys, "user");
        List<String> owned = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (owner.equals(owners.get(i))) {
                owned.add(keys.get(i));
            }
        }
        return owned;
    }

    @Override
    public void close() {
        redis.close();
    }

    private String key(String id) {
        return prefix + "session:" + id;
    }

    private <T> T call(Supplier<T> command) {
        return breaker.call(() -> {
            try {
                return command.get();
            }
            catch (RedisCommands.Unavailable e) {
                throw new SessionStoreUnavailableException("the session store (" + redis.where() + ") "
                        + e.getMessage(), e.getCause());
            }
        });
    }

    private static StoredSession decode(String id, List<?> fields) {
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            hash.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
        }
        Map<String, String> state = new LinkedHashMap<>();
        Map<String, Instant> channels = new LinkedHashMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith("s:")) {
                state.put(field.substring(2), value);
            }
            else if (field.startsWith("c:")) {
                channels.put(field.substring(2), Instant.ofEpochMilli(Long.parseLong(value)));
            }
        });
        return new StoredSession(id, hash.get("user"), Instant.ofEpochMilli(Long.parseLong(hash.get("created"))),
                Instant.ofEpochMilli(Long.parseLong(hash.get("accessed"))),
                Duration.ofMillis(Long.parseLong(hash.get("ttl"))), java.util.Collections.unmodifiableMap(state),
                java.util.Collections.unmodifiableMap(channels));
    }
}
