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

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Sessions in Redis, shared by every Nexus instance pointed at the same server.
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

    private final RedisClient client;

    private final String prefix;

    private final String where;

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
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param prefix prepended to every key, such as {@value #DEFAULT_PREFIX}
     * @param timeout how long connecting, a command, or waiting for a pooled connection may take;
     *     after a failure, calls fail at once for four times this before one tries again
     */
    public RedisSessionStore(URI redis, String prefix, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        // Jedis's 8 connections keep contention on one session's optimistic updates low; a caller
        // waits for one at most a few command timeouts, never indefinitely behind a frozen server.
        pool.setMaxWait(timeout.multipliedBy(4));
        this.client = RedisClient.builder().hostAndPort(redis.getHost(), redis.getPort())
                .clientConfig(DefaultJedisClientConfig.builder(redis).connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).build())
                .poolConfig(pool).build();
        this.prefix = prefix;
        this.where = "Redis at " + redis.getHost() + ":" + redis.getPort();
        this.breaker = new StoreBreaker(where, timeout.multipliedBy(4));
    }

    @Override
    public String toString() {
        return where;
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
            answered = "PONG".equals(call(client::ping));
        }
        catch (SessionStoreUnavailableException down) {
            answered = false;
        }
        lastCheck = answered;
        return answered;
    }

    @Override
    public StoredSession create(String id, @Nullable String userId, Duration ttl, Instant now) {
        Object created = call(() -> client.eval(CREATE, List.of(key(id)), List.of(Long.toString(now.toEpochMilli()),
                Long.toString(ttl.toMillis()), userId == null ? "0" : "1", userId == null ? "" : userId)));
        if (((Number) created).longValue() == 0) {
            throw new SessionExistsException(id);
        }
        return new StoredSession(id, userId, now, now, ttl, Map.of(), Map.of());
    }

    @Override
    public Optional<StoredSession> touch(String id, @Nullable String channel, Instant now) {
        Object fields = call(() -> client.eval(TOUCH, List.of(key(id)),
                List.of(Long.toString(now.toEpochMilli()), channel == null ? "" : channel)));
        return fields instanceof List<?> list ? Optional.of(decode(id, list)) : Optional.empty();
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
        long result = ((Number) call(() -> client.eval(MERGE, List.of(key(id)), args))).longValue();
        if (result <= -2) {
            throw new SessionStateTooLargeException(id, -2 - result, maxStateBytes);
        }
        return result >= 0;
    }

    @Override
    public Optional<String> compute(String id, String key, UnaryOperator<@Nullable String> change,
            @Nullable String channel, Instant now, long maxStateBytes) {
        return call(() -> {
            String sessionKey = key(id);
            String field = "s:" + key;
            try (Connection connection = client.getPool().getResource()) {
                Jedis jedis = new Jedis(connection);
                for (int attempt = 0; attempt < COMPUTE_ATTEMPTS; attempt++) {
                    jedis.watch(sessionKey);
                    List<String> current = jedis.hmget(sessionKey, "ttl", "bytes", field);
                    if (current.getFirst() == null) {
                        jedis.unwatch();
                        return Optional.<String>empty();
                    }
                    String old = current.get(2);
                    String value = change.apply(old);
                    long size = Long.parseLong(current.get(1))
                            - (old == null ? 0 : Utf8.length(key) + Utf8.length(old))
                            + (value == null ? 0 : Utf8.length(key) + Utf8.length(value));
                    if (size > maxStateBytes) {
                        jedis.unwatch();
                        throw new SessionStateTooLargeException(id, size, maxStateBytes);
                    }
                    Transaction transaction = jedis.multi();
                    if (value == null) {
                        transaction.hdel(sessionKey, field);
                    }
                    else {
                        transaction.hset(sessionKey, field, value);
                    }
                    Map<String, String> bookkeeping = new LinkedHashMap<>();
                    bookkeeping.put("bytes", Long.toString(size));
                    bookkeeping.put("accessed", Long.toString(now.toEpochMilli()));
                    if (channel != null) {
                        bookkeeping.put("c:" + channel, Long.toString(now.toEpochMilli()));
                    }
                    transaction.hset(sessionKey, bookkeeping);
                    transaction.pexpire(sessionKey, Long.parseLong(current.getFirst()));
                    if (transaction.exec() != null) {
                        return Optional.ofNullable(value);
                    }
                }
                throw new IllegalStateException("session '" + id + "' key '" + key + "' kept changing under "
                        + COMPUTE_ATTEMPTS + " attempts to update it");
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return call(() -> client.del(key(id))) > 0;
    }

    @Override
    public int removeExpired() {
        return 0;
    }

    @Override
    public long activeCount() {
        return call(() -> {
            long count = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(prefix + "session:*").count(1000);
            do {
                ScanResult<String> page = client.scan(cursor, match);
                count += page.getResult().size();
                cursor = page.getCursor();
            }
            while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return count;
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

    /** SCANs session keys; with an owner, reads each page's owners in one round trip. */
    private List<String> scan(int limit, @Nullable String owner) {
        return call(() -> {
            List<String> ids = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(prefix + "session:*").count(1000);
            do {
                ScanResult<String> page = client.scan(cursor, match);
                List<String> keys = owner == null ? page.getResult() : ownedBy(owner, page.getResult());
                for (int i = 0; i < keys.size() && ids.size() < limit; i++) {
                    ids.add(keys.get(i).substring((prefix + "session:").length()));
                }
                cursor = page.getCursor();
            }
            while (!cursor.equals(ScanParams.SCAN_POINTER_START) && ids.size() < limit);
            return ids;
        });
    }

    private List<String> ownedBy(String owner, List<String> keys) {
        List<redis.clients.jedis.Response<String>> owners;
        try (var pipeline = client.pipelined()) {
            owners = keys.stream().map(key -> pipeline.hget(key, "user")).toList();
            pipeline.sync();
        }
        List<String> owned = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (owner.equals(owners.get(i).get())) {
                owned.add(keys.get(i));
            }
        }
        return owned;
    }

    @Override
    public void close() {
        client.close();
    }

    private String key(String id) {
        return prefix + "session:" + id;
    }

    private <T> T call(Supplier<T> command) {
        return breaker.call(() -> {
            try {
                return command.get();
            }
            catch (JedisConnectionException e) {
                throw unavailable("cannot be reached or did not answer in time", e);
            }
            catch (JedisDataException e) {
                String message = String.valueOf(e.getMessage());
                if (message.startsWith("OOM") || message.contains(" OOM ")) {
                    throw unavailable("refuses writes: it is out of memory (maxmemory)", e);
                }
                if (message.startsWith("READONLY") || message.startsWith("MISCONF") || message.startsWith("LOADING")
                        || message.startsWith("BUSY") || message.startsWith("MASTERDOWN")) {
                    throw unavailable("cannot take commands now (" + message.split(" ", 2)[0] + ")", e);
                }
                throw e;
            }
            catch (JedisException e) {
                throw unavailable("failed: no connection could be had in time", e);
            }
        });
    }

    private SessionStoreUnavailableException unavailable(String what, Exception cause) {
        return new SessionStoreUnavailableException("the session store (" + where + ") " + what, cause);
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
