package dev.kaizen.nexus.runs;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.session.SessionStoreUnavailableException;
import dev.kaizen.nexus.session.StoreBreaker;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs kept in Redis (the sessions' server, as a rule), so that a run accepted by one instance is
 * read, followed and cancelled on any other, and ended by any other if its own instance dies.
 *
 * <h2>Keys</h2>
 * Each run is a JSON string, its events a list, a session's runs a set, all expiring
 * {@code retention} after their last change. A cancel asked on an instance that does not run the
 * run is a key the running instance looks for ({@link #cancelRequested}).
 *
 * <h2>Leases</h2>
 * A run in progress (queued or running) is a member of one sorted set, scored with the time (Redis's
 * clock, in ms) until which its instance holds it: its lease. Its instance renews the leases of all
 * its runs in one call ({@link #renewLeases}); a run whose lease has passed is {@link #lost} (its
 * instance died, or has been cut off for longer than the lease time). Leaving the set is the run's
 * end: the scripts that end a run, write an event or save a run in progress all check membership
 * first, atomically, so a run ends exactly once whichever instances race to end it, and nothing is
 * written for it after its end.
 *
 * <h2>Failures</h2>
 * Every call goes through a {@link StoreBreaker}: after one fails, calls fail at once as
 * {@code session-store-unavailable} for four times the timeout, while one call at a time probes.
 */
public final class RedisRunStore implements RunStore {

    /** Redis's clock in ms, in the scripts below: leases do not depend on the instances' clocks. */
    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";

    /**
     * Saves a run in progress and (re)starts its lease. KEYS: the run, the leases, and the session's
     * runs if it has a session; ARGV: the JSON, the retention, the run id, the lease time, '1' for a
     * run just accepted. 0 if the run has ended already.
     */
    private static final String SAVE_IN_PROGRESS = NOW + """
            if ARGV[5] ~= '1' and not redis.call('ZSCORE', KEYS[2], ARGV[3]) then return 0 end
            redis.call('ZADD', KEYS[2], now + ARGV[4], ARGV[3])
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            if KEYS[3] then
              redis.call('SADD', KEYS[3], ARGV[3])
              redis.call('PEXPIRE', KEYS[3], ARGV[2])
            end
            return 1
            """;

    /**
     * Adds an event to a run in progress. KEYS: its events, the leases; ARGV: the run id, the event,
     * the retention, how many events the list may hold with this one. 0 if the run has ended or the
     * list is full.
     */
    private static final String APPEND = """
            if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
            if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
            redis.call('RPUSH', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /**
     * Ends a run: its last event and final state, and its lease given up. KEYS: the run, the
     * leases, its events, and the session's runs if it has a session; ARGV: the run id, the final
     * JSON, the last event, the retention, '1' when another instance ends it as lost (then only if
     * its lease has passed). 0 if it has ended already, or (lost) if its lease was renewed.
     */
    private static final String END = NOW + """
            local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
            if not lease then return 0 end
            if ARGV[5] == '1' and tonumber(lease) >= now then return 0 end
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('RPUSH', KEYS[3], ARGV[3])
            redis.call('PEXPIRE', KEYS[3], ARGV[4])
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
            if KEYS[4] then redis.call('PEXPIRE', KEYS[4], ARGV[4]) end
            return 1
            """;

    /**
     * Renews the leases of one instance's runs. KEYS: the leases; ARGV: the lease time, then the
     * run ids. The ids of those that have ended meanwhile (another instance ended them as lost).
     */
    private static final String RENEW = NOW + """
            local ended = {}
            for i = 2, #ARGV do
              if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
                redis.call('ZADD', KEYS[1], now + ARGV[1], ARGV[i])
              else
                ended[#ended + 1] = ARGV[i]
              end
            end
            return ended
            """;

    /** Which of these runs in progress have a lease that has passed. KEYS: the leases; ARGV: run ids. */
    private static final String LOST = NOW + """
            local lost = {}
            for i = 1, #ARGV do
              local lease = redis.call('ZSCORE', KEYS[1], ARGV[i])
              if lease and tonumber(lease) < now then lost[#lost + 1] = ARGV[i] end
            end
            return lost
            """;

    /**
     * Up to ARGV[1] runs whose lease has passed, oldest first; one whose record has expired
     * meanwhile (ARGV[2] is the runs' key prefix) is forgotten, since nothing is left to end.
     */
    private static final String EXPIRED = NOW + """
            local lost = {}
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.0f', now),
                'LIMIT', 0, ARGV[1])) do
              if redis.call('EXISTS', ARGV[2] .. id) == 1 then lost[#lost + 1] = id
              else redis.call('ZREM', KEYS[1], id) end
            end
            return lost
            """;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final RedisClient client;

    private final String prefix;

    private final String leases;

    private final long retentionMillis;

    private final Duration leaseTime;

    private final JsonMapper json;

    private final String where;

    private final StoreBreaker breaker;

    /**
     * A store whose runs in progress are held for {@link #DEFAULT_LEASE_TIME} without a renewal.
     *
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param prefix prepended to every key, such as {@code kaizen:}
     * @param timeout how long connecting or a command may take
     * @param retention how long a run is kept after its last change
     * @param json writes and reads the runs
     */
    public RedisRunStore(URI redis, String prefix, Duration timeout, Duration retention, JsonMapper json) {
        this(redis, prefix, timeout, retention, DEFAULT_LEASE_TIME, json);
    }

    /**
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param prefix prepended to every key, such as {@code kaizen:}
     * @param timeout how long connecting or a command may take; after a failure, calls fail at once
     *     for four times this before one tries again
     * @param retention how long a run is kept after its last change
     * @param leaseTime how long a run in progress stays its instance's without a renewal; after
     *     that, any instance ends it as {@code instance-lost}. Longer than {@code timeout}.
     * @param json writes and reads the runs
     * @throws IllegalArgumentException if the retention is under 1 ms, or the lease time not longer
     *     than the timeout
     */
    public RedisRunStore(URI redis, String prefix, Duration timeout, Duration retention, Duration leaseTime,
            JsonMapper json) {
        this.retentionMillis = retention.toMillis();
        if (retentionMillis < 1) {
            throw new IllegalArgumentException("run retention must be at least 1 ms, was " + retention);
        }
        RunStore.requireLeaseTime(leaseTime, timeout);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.client = RedisClient.builder().hostAndPort(redis.getHost(), redis.getPort())
                .clientConfig(DefaultJedisClientConfig.builder(redis).connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).build())
                .build();
        this.prefix = prefix + "run:";
        this.leases = this.prefix + "leases";
        this.where = "Redis at " + redis.getHost() + ":" + redis.getPort();
        this.leaseTime = leaseTime;
        this.json = json;
        this.breaker = new StoreBreaker("run store", where, timeout.multipliedBy(4));
    }

    @Override
    public void save(RunRecord run) {
        String stored = json.writeValueAsString(encode(run));
        if (!run.status().isFinal()) {
            boolean accepted = run.status() == RunStatus.QUEUED;
            List<String> keys = run.sessionId() == null ? List.of(key(run.runId()), leases)
                    : List.of(key(run.runId()), leases, sessionKey(run.sessionId()));
            redis(() -> client.eval(SAVE_IN_PROGRESS, keys, List.of(stored, Long.toString(retentionMillis),
                    run.runId(), Long.toString(leaseTime.toMillis()), accepted ? "1" : "0")));
            return;
        }
        redis(() -> {
            try (AbstractPipeline pipeline = client.pipelined()) { // one round trip: a run is saved at every change
                pipeline.set(key(run.runId()), stored, SetParams.setParams().px(retentionMillis));
                if (run.sessionId() != null) {
                    pipeline.sadd(sessionKey(run.sessionId()), run.runId());
                    pipeline.pexpire(sessionKey(run.sessionId()), retentionMillis);
                }
                pipeline.sync();
            }
            return null;
        });
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        String stored = redis(() -> client.get(key(runId)));
        return stored == null ? Optional.empty() : Optional.of(decode(json.readValue(stored, MAP)));
    }

    @Override
    public List<RunRecord> bySession(String sessionId) {
        List<String> ids = new ArrayList<>(redis(() -> client.smembers(sessionKey(sessionId))));
        if (ids.isEmpty()) {
            return List.of();
        }
        return redis(() -> client.mget(ids.stream().map(this::key).toArray(String[]::new))).stream()
                .filter(Objects::nonNull)
                .map(stored -> decode(json.readValue(stored, MAP)))
                .sorted(Comparator.comparing(RunRecord::acceptedAt)).toList();
    }

    /** One round trip; the event is dropped if the run has ended, or has {@link InMemoryRunStore#MAX_EVENTS} less one. */
    @Override
    public void append(String runId, RunEvent event) {
        boolean last = event.name().equals("result") || event.name().equals("error");
        int room = InMemoryRunStore.MAX_EVENTS - (last ? 0 : 1); // the run's end is always kept
        redis(() -> client.eval(APPEND, List.of(key(runId) + ":events", leases), List.of(runId, eventJson(event),
                Long.toString(retentionMillis), Integer.toString(room))));
    }

    @Override
    public boolean end(RunRecord ended, RunEvent last) {
        return end(ended, last, false);
    }

    @Override
    public boolean endLost(RunRecord ended, RunEvent last) {
        return end(ended, last, true);
    }

    private boolean end(RunRecord ended, RunEvent last, boolean lost) {
        List<String> keys = new ArrayList<>(List.of(key(ended.runId()), leases, key(ended.runId()) + ":events"));
        if (ended.sessionId() != null) {
            keys.add(sessionKey(ended.sessionId()));
        }
        Object done = redis(() -> client.eval(END, keys, List.of(ended.runId(), json.writeValueAsString(encode(ended)),
                eventJson(last), Long.toString(retentionMillis), lost ? "1" : "0")));
        return Long.valueOf(1).equals(done);
    }

    @Override
    public List<RunEvent> events(String runId, int from) {
        List<RunEvent> events = new ArrayList<>();
        for (String stored : redis(() -> client.lrange(key(runId) + ":events", from, -1))) {
            Map<String, Object> event = json.readValue(stored, MAP);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) event.get("data");
            events.add(new RunEvent(String.valueOf(event.get("name")), data));
        }
        return events;
    }

    @Override
    public void requestCancel(String runId) {
        redis(() -> client.set(key(runId) + ":cancel", "1", SetParams.setParams().px(retentionMillis)));
    }

    @Override
    public Set<String> cancelRequested(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Set.of();
        }
        List<String> ids = List.copyOf(runIds);
        List<String> flags = redis(() -> client.mget(ids.stream().map(id -> key(id) + ":cancel")
                .toArray(String[]::new)));
        Set<String> requested = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (flags.get(i) != null) {
                requested.add(ids.get(i));
            }
        }
        return requested;
    }

    @Override
    public @Nullable Duration leaseTime() {
        return leaseTime;
    }

    @Override
    public Set<String> renewLeases(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Set.of();
        }
        List<String> args = new ArrayList<>(runIds.size() + 1);
        args.add(Long.toString(leaseTime.toMillis()));
        args.addAll(runIds);
        return Set.copyOf(ids(redis(() -> client.eval(RENEW, List.of(leases), args))));
    }

    @Override
    public Set<String> lost(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(ids(redis(() -> client.eval(LOST, List.of(leases), List.copyOf(runIds)))));
    }

    @Override
    public List<String> lost(int limit) {
        return ids(redis(() -> client.eval(EXPIRED, List.of(leases), List.of(Integer.toString(limit), prefix))));
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * A Redis call through the breaker; Redis unreachable (or frozen) is the caller's
     * {@code session-store-unavailable} (503), not a 500, and after one failure the next calls do
     * not wait for it.
     */
    private <T> T redis(Supplier<T> call) {
        try {
            return breaker.call(() -> {
                try {
                    return call.get();
                }
                catch (JedisConnectionException unreachable) {
                    throw new SessionStoreUnavailableException("the run store (" + where
                            + ") cannot be reached or did not answer in time", unreachable);
                }
                catch (JedisException refused) {
                    throw new SessionStoreUnavailableException("the run store (" + where + ") refused the command ("
                            + String.valueOf(refused.getMessage()).split(" ", 2)[0] + ")", refused);
                }
            });
        }
        catch (SessionStoreUnavailableException unavailable) {
            throw CallFailure.of(FailureKind.SESSION_STORE_UNAVAILABLE, unavailable.getMessage())
                    .retryAfter(breaker.retryAfter());
        }
    }

    private static List<String> ids(Object reply) {
        return ((List<?>) reply).stream().map(String::valueOf).toList();
    }

    private String eventJson(RunEvent event) {
        return json.writeValueAsString(Map.of("name", event.name(), "data", event.data()));
    }

    private String key(String runId) {
        return prefix + runId;
    }

    private String sessionKey(String sessionId) {
        return prefix + "session:" + sessionId;
    }

    private static Map<String, Object> encode(RunRecord run) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runId", run.runId());
        map.put("workflow", run.workflow());
        map.put("sessionId", run.sessionId());
        map.put("owner", run.owner());
        map.put("status", run.status().name());
        map.put("acceptedAt", run.acceptedAt().toString());
        map.put("timeToAckMs", run.timeToAckMs());
        map.put("queueMs", run.queueMs());
        map.put("runMs", run.runMs());
        map.put("outputs", run.outputs());
        map.put("problem", run.problem());
        map.put("callbackUrl", run.callbackUrl());
        map.put("deliveries", run.deliveries().stream().map(RunRecord.Delivery::toMap).toList());
        return map;
    }

    @SuppressWarnings("unchecked")
    private static RunRecord decode(Map<String, Object> map) {
        List<RunRecord.Delivery> deliveries = ((List<Map<String, Object>>) map.getOrDefault("deliveries", List.of()))
                .stream().map(attempt -> new RunRecord.Delivery(((Number) attempt.get("attempt")).intValue(),
                        Instant.parse((String) attempt.get("at")), attempt.get("status") instanceof Number status
                                ? status.intValue() : null, (String) attempt.get("error")))
                .toList();
        return new RunRecord((String) map.get("runId"), (String) map.get("workflow"), (String) map.get("sessionId"),
                (String) map.get("owner"), RunStatus.valueOf((String) map.get("status")),
                Instant.parse((String) map.get("acceptedAt")), ((Number) map.get("timeToAckMs")).doubleValue(),
                number(map.get("queueMs")), number(map.get("runMs")), (Map<String, Object>) map.get("outputs"),
                (Map<String, Object>) map.get("problem"), (String) map.get("callbackUrl"), deliveries);
    }

    private static @Nullable Double number(@Nullable Object value) {
        return value instanceof Number number ? number.doubleValue() : null;
    }
}
