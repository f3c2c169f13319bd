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

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs kept in Redis (the sessions' server, as a rule), so that a run accepted by one instance is
 * read, followed and cancelled on any other. Each run is a JSON string, its events a list, a
 * session's runs a set, all expiring {@code retention} after their last change. A cancel asked on
 * an instance that does not run the run is a key the running instance looks for
 * ({@link #cancelRequested}).
 */
public final class RedisRunStore implements RunStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final RedisClient client;

    private final String prefix;

    private final long retentionMillis;

    private final JsonMapper json;

    private final String where;

    /**
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param prefix prepended to every key, such as {@code kaizen:}
     * @param timeout how long connecting or a command may take
     * @param retention how long a run is kept after its last change
     * @param json writes and reads the runs
     */
    public RedisRunStore(URI redis, String prefix, Duration timeout, Duration retention, JsonMapper json) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.client = RedisClient.builder().hostAndPort(redis.getHost(), redis.getPort())
                .clientConfig(DefaultJedisClientConfig.builder(redis).connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).build())
                .build();
        this.prefix = prefix + "run:";
        this.where = redis.getHost() + ":" + redis.getPort();
        this.retentionMillis = retention.toMillis();
        this.json = json;
        if (retentionMillis < 1) {
            throw new IllegalArgumentException("run retention must be at least 1 ms, was " + retention);
        }
    }

    @Override
    public void save(RunRecord run) {
        redis(() -> saveNow(run));
    }

    /** One round trip: a run is saved at every change of its state. */
    private void saveNow(RunRecord run) {
        try (AbstractPipeline pipeline = client.pipelined()) {
            pipeline.set(key(run.runId()), json.writeValueAsString(encode(run)), SetParams.setParams().px(retentionMillis));
            if (run.sessionId() != null) {
                String session = prefix + "session:" + run.sessionId();
                pipeline.sadd(session, run.runId());
                pipeline.pexpire(session, retentionMillis);
            }
            pipeline.sync();
        }
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        String stored = redis(() -> client.get(key(runId)));
        return stored == null ? Optional.empty() : Optional.of(decode(json.readValue(stored, MAP)));
    }

    @Override
    public List<RunRecord> bySession(String sessionId) {
        List<String> ids = new ArrayList<>(redis(() -> client.smembers(prefix + "session:" + sessionId)));
        if (ids.isEmpty()) {
            return List.of();
        }
        return redis(() -> client.mget(ids.stream().map(this::key).toArray(String[]::new))).stream()
                .filter(Objects::nonNull)
                .map(stored -> decode(json.readValue(stored, MAP)))
                .sorted(Comparator.comparing(RunRecord::acceptedAt)).toList();
    }

    @Override
    public void append(String runId, RunEvent event) {
        redis(() -> appendNow(runId, event));
    }

    /** One round trip as a rule (every token of a streamed run is an event); two over the bound. */
    private void appendNow(String runId, RunEvent event) {
        String events = key(runId) + ":events";
        boolean last = event.name().equals("result") || event.name().equals("error");
        Response<Long> length;
        try (AbstractPipeline pipeline = client.pipelined()) {
            length = pipeline.rpush(events, json.writeValueAsString(Map.of("name", event.name(), "data", event.data())));
            pipeline.pexpire(events, retentionMillis);
            pipeline.sync();
        }
        if (length.get() > InMemoryRunStore.MAX_EVENTS - (last ? 0 : 1)) {
            client.rpop(events); // over the bound: the event is dropped, the run's end is always kept
        }
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
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        client.close();
    }

    /** A Redis call; Redis unreachable is the caller's {@code session-store-unavailable} (503), not a 500. */
    private <T> T redis(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        }
        catch (JedisException unreachable) {
            throw CallFailure.of(FailureKind.SESSION_STORE_UNAVAILABLE, "the Redis that keeps runs (" + where
                    + ") is unavailable; try again shortly").retryAfter(Duration.ofSeconds(1));
        }
    }

    private void redis(Runnable call) {
        redis(() -> {
            call.run();
            return null;
        });
    }

    private String key(String runId) {
        return prefix + runId;
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
