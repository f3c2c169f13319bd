package dev.kaizen.nexus.session;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
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
 * {@code ttl} (ms), {@code user}, {@code principal}, {@code bytes} (state size), {@code v} (a
 * version, one up on every change of the state), {@code c:{channel}} (last touch per channel) and
 * {@code s:{key}} (each state value as JSON text). Per principal, a sorted set
 * {@code {prefix}principal:{name}:sessions} of its sessions scored by when each expires, and a hash
 * {@code {prefix}principal:{name}:bytes} of each session's state size and their total
 * ({@code :total}); both expire with the principal's longest-lived session.
 *
 * <h2>Expiration</h2>
 * Redis's own: every access re-arms {@code PEXPIRE} with the session's TTL, and the session's score
 * in its principal's set with it (on Redis's clock, {@code TIME}). Redis removes expired keys
 * itself, so {@link #removeExpired()} has nothing to do; a principal's expired sessions give back
 * their share the next time it creates a session or writes state, before its limits are checked.
 * A bound on the number of sessions in all is Redis's {@code maxmemory} with an LRU policy (a
 * session Redis evicts counts against its principal until it would have expired).
 *
 * <h2>Atomicity</h2>
 * Every change is one Lua script, atomic on the server: it checks the session's size limit and its
 * principal's limits and writes, in the same step, so no number of instances and threads passes a
 * limit. {@link #compute} reads the key, computes the new value here, and writes it with a script
 * that checks the state's version first, retrying when another writer got there first. The
 * scripts reach the principal's keys by name, so every key of a store must live on one Redis node:
 * a standalone server or Sentinel, or a Cluster with a hash tag in the prefix ({@code kaizen:{s}:}).
 */
public final class RedisSessionStore implements SessionStore {

    /** The key prefix unless configured otherwise. */
    public static final String DEFAULT_PREFIX = "kaizen:";

    /** What every script may call: Redis's clock, and the bookkeeping of a principal's share. */
    private static final String PRINCIPALS = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function sessions_of(prefix, principal) return prefix .. 'principal:' .. principal .. ':sessions' end
            local function bytes_of(prefix, principal) return prefix .. 'principal:' .. principal .. ':bytes' end
            -- Gives back what the principal's sessions that have expired held.
            local function settle(owned, sizes, now)
              while true do
                local gone = redis.call('ZRANGEBYSCORE', owned, '-inf', now, 'LIMIT', 0, 100)
                if #gone == 0 then return end
                local freed = 0
                for _, id in ipairs(gone) do
                  freed = freed + tonumber(redis.call('HGET', sizes, id) or '0')
                  redis.call('HDEL', sizes, id)
                  redis.call('ZREM', owned, id)
                end
                redis.call('HINCRBY', sizes, ':total', 0 - freed)
              end
            end
            -- The session's score follows its expiry; the principal's keys outlive its last session.
            local function arm(owned, sizes, id, ttl, now)
              redis.call('ZADD', owned, now + ttl, id)
              for _, k in ipairs({ owned, sizes }) do
                if redis.call('PTTL', k) < ttl then redis.call('PEXPIRE', k, ttl) end
              end
            end
            """;

    /** Returns 1 when created, 0 when the id is taken, -1 when the principal holds as many sessions as it may. */
    private static final String CREATE = PRINCIPALS + """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local ttl = tonumber(ARGV[2])
            if ARGV[5] == '1' then
              local owned, sizes = sessions_of(ARGV[7], ARGV[6]), bytes_of(ARGV[7], ARGV[6])
              local now = now_ms()
              settle(owned, sizes, now)
              if redis.call('ZCARD', owned) >= tonumber(ARGV[8]) then return -1 end
              arm(owned, sizes, ARGV[9], ttl, now)
              redis.call('HSET', sizes, ARGV[9], 0)
              redis.call('HSET', KEYS[1], 'principal', ARGV[6])
            end
            redis.call('HSET', KEYS[1], 'created', ARGV[1], 'accessed', ARGV[1], 'ttl', ARGV[2], 'bytes', 0)
            if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'user', ARGV[4]) end
            redis.call('PEXPIRE', KEYS[1], ttl)
            return 1
            """;

    private static final String TOUCH = PRINCIPALS + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return false end
            redis.call('HSET', KEYS[1], 'accessed', ARGV[1])
            if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'c:' .. ARGV[2], ARGV[1]) end
            local ttl = tonumber(redis.call('HGET', KEYS[1], 'ttl'))
            redis.call('PEXPIRE', KEYS[1], ttl)
            local principal = redis.call('HGET', KEYS[1], 'principal')
            if principal then
              arm(sessions_of(ARGV[3], principal), bytes_of(ARGV[3], principal), ARGV[4], ttl, now_ms())
            end
            return redis.call('HGETALL', KEYS[1])
            """;

    /**
     * Sets state keys (an empty value deletes the key: no JSON text is empty), if the state's
     * version is still {@code ARGV[7]} (when given). Returns {@code ok} and the new size, or
     * {@code missing}, {@code changed}, {@code too-large} and the size, {@code principal-full} and
     * the principal's total.
     */
    private static final String WRITE = PRINCIPALS + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return { 'missing' } end
            if ARGV[7] ~= '' and (redis.call('HGET', KEYS[1], 'v') or '0') ~= ARGV[7] then return { 'changed' } end
            local size = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0')
            for i = 8, #ARGV, 2 do
              local held = redis.call('HSTRLEN', KEYS[1], 's:' .. ARGV[i])
              if held > 0 then size = size - string.len(ARGV[i]) - held end
              if ARGV[i + 1] ~= '' then size = size + string.len(ARGV[i]) + string.len(ARGV[i + 1]) end
            end
            if size > tonumber(ARGV[3]) then return { 'too-large', tostring(size) } end
            local ttl = tonumber(redis.call('HGET', KEYS[1], 'ttl'))
            local principal = redis.call('HGET', KEYS[1], 'principal')
            if principal then
              local owned, sizes = sessions_of(ARGV[4], principal), bytes_of(ARGV[4], principal)
              local now = now_ms()
              settle(owned, sizes, now)
              local before = tonumber(redis.call('HGET', sizes, ARGV[6]) or '0')
              local total = tonumber(redis.call('HGET', sizes, ':total') or '0') - before + size
              if size > before and total > tonumber(ARGV[5]) then return { 'principal-full', tostring(total) } end
              redis.call('HSET', sizes, ARGV[6], size, ':total', total)
              arm(owned, sizes, ARGV[6], ttl, now)
            end
            for i = 8, #ARGV, 2 do
              if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], 's:' .. ARGV[i])
              else redis.call('HSET', KEYS[1], 's:' .. ARGV[i], ARGV[i + 1]) end
            end
            redis.call('HSET', KEYS[1], 'bytes', size, 'accessed', ARGV[2])
            redis.call('HINCRBY', KEYS[1], 'v', 1)
            if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'c:' .. ARGV[1], ARGV[2]) end
            redis.call('PEXPIRE', KEYS[1], ttl)
            return { 'ok', tostring(size) }
            """;

    /** Returns how many keys were deleted, and gives the session's share back to its principal. */
    private static final String DELETE = PRINCIPALS + """
            local principal = redis.call('HGET', KEYS[1], 'principal')
            if principal then
              local owned, sizes = sessions_of(ARGV[1], principal), bytes_of(ARGV[1], principal)
              local held = tonumber(redis.call('HGET', sizes, ARGV[2]) or '0')
              redis.call('ZREM', owned, ARGV[2])
              redis.call('HDEL', sizes, ARGV[2])
              redis.call('HINCRBY', sizes, ':total', 0 - held)
            end
            return redis.call('DEL', KEYS[1])
            """;

    private static final int COMPUTE_ATTEMPTS = 100;

    /**
     * Updates in progress at once: this bounds how many writers of one session race each other, so
     * that each gets through within its attempts.
     */
    private final Semaphore computing = new Semaphore(8, true);

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
    public StoredSession create(String id, @Nullable String userId, @Nullable String principal, Duration ttl,
            Instant now, SessionLimits limits) {
        Object created = call(() -> redis.eval(CREATE, RedisCommands.Reply.INTEGER, key(id),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(ttl.toMillis()), userId == null ? "0" : "1",
                        userId == null ? "" : userId, principal == null ? "0" : "1", principal == null ? "" : principal,
                        prefix, Long.toString(limits.maxSessionsPerPrincipal()), id)));
        long answer = ((Number) created).longValue();
        if (answer == 0) {
            throw new SessionExistsException(SessionIds.idOf(id));
        }
        if (answer < 0) {
            throw SessionQuotaExceededException.sessions(limits.maxSessionsPerPrincipal());
        }
        return new StoredSession(id, userId, principal, now, now, ttl, Map.of(), Map.of());
    }

    @Override
    public Optional<StoredSession> touch(String id, @Nullable String channel, Instant now) {
        Object fields = call(() -> redis.eval(TOUCH, RedisCommands.Reply.LIST_OR_NIL, key(id),
                List.of(Long.toString(now.toEpochMilli()), channel == null ? "" : channel, prefix, id)));
        return fields instanceof List<?> list && !list.isEmpty() ? Optional.of(decode(id, list)) : Optional.empty();
    }

    @Override
    public boolean merge(String id, Map<String, String> updates, @Nullable String channel, Instant now,
            SessionLimits limits) {
        return write(id, updates, null, channel, now, limits) != null;
    }

    @Override
    public Optional<String> compute(String id, String key, UnaryOperator<@Nullable String> change,
            @Nullable String channel, Instant now, SessionLimits limits) {
        try {
            computing.acquire();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreUnavailableException("the session store (" + redis.where() + ") was not asked: the "
                    + "update was interrupted while waiting its turn", e);
        }
        try {
            return computeInTurn(id, key, change, channel, now, limits);
        }
        finally {
            computing.release();
        }
    }

    private Optional<String> computeInTurn(String id, String key, UnaryOperator<@Nullable String> change,
            @Nullable String channel, Instant now, SessionLimits limits) {
        for (int attempt = 0; attempt < COMPUTE_ATTEMPTS; attempt++) {
            List<@Nullable String> current = call(() -> redis.hmget(key(id), "ttl", "v", "s:" + key));
            if (current.isEmpty() || current.getFirst() == null) {
                return Optional.empty();
            }
            String value = change.apply(current.get(2));
            String version = current.get(1) == null ? "0" : current.get(1);
            // An empty value deletes the key (no JSON text is empty).
            Map<String, String> update = Collections.singletonMap(key, value == null ? "" : value);
            List<?> written = write(id, update, version, channel, now, limits);
            if (written == null) {
                return Optional.empty();
            }
            if (!"changed".equals(written.getFirst())) {
                return Optional.ofNullable(value);
            }
        }
        throw new IllegalStateException("session '" + SessionIds.idOf(id) + "' key '" + key
                + "' kept changing under " + COMPUTE_ATTEMPTS + " attempts to update it");
    }

    /**
     * Runs {@link #WRITE}.
     *
     * @param version the state's version the write depends on, or {@code null} for any
     * @return the script's answer ({@code ok} or {@code changed}), or {@code null} for a missing session
     */
    private @Nullable List<?> write(String id, Map<String, String> updates, @Nullable String version,
            @Nullable String channel, Instant now, SessionLimits limits) {
        List<String> args = new ArrayList<>(List.of(channel == null ? "" : channel, Long.toString(now.toEpochMilli()),
                Long.toString(limits.maxStateBytes()), prefix, Long.toString(limits.maxStateBytesPerPrincipal()), id,
                version == null ? "" : version));
        updates.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        List<?> answer = (List<?>) call(() -> redis.eval(WRITE, RedisCommands.Reply.LIST_OR_NIL, key(id), args));
        String outcome = String.valueOf(answer.getFirst());
        return switch (outcome) {
            case "ok", "changed" -> answer;
            case "missing" -> null;
            case "too-large" -> throw new SessionStateTooLargeException(SessionIds.idOf(id),
                    Long.parseLong(String.valueOf(answer.get(1))), limits.maxStateBytes());
            case "principal-full" -> throw SessionQuotaExceededException.stateBytes(SessionIds.idOf(id),
                    Long.parseLong(String.valueOf(answer.get(1))), limits.maxStateBytesPerPrincipal());
            default -> throw new IllegalStateException("the session write script answered " + answer);
        };
    }

    @Override
    public boolean delete(String id) {
        Object deleted = call(() -> redis.eval(DELETE, RedisCommands.Reply.INTEGER, key(id), List.of(prefix, id)));
        return ((Number) deleted).longValue() > 0;
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
        return new StoredSession(id, hash.get("user"), hash.get("principal"),
                Instant.ofEpochMilli(Long.parseLong(hash.get("created"))),
                Instant.ofEpochMilli(Long.parseLong(hash.get("accessed"))),
                Duration.ofMillis(Long.parseLong(hash.get("ttl"))), java.util.Collections.unmodifiableMap(state),
                java.util.Collections.unmodifiableMap(channels));
    }
}
