package dev.kaizen.nexus.session;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** {@link RedisCommands} over a Jedis client of the store's own, with a small connection pool. */
final class JedisCommands implements RedisCommands {

    private final RedisClient client;

    private final String where;

    /**
     * @param redis the server, such as {@code redis://127.0.0.1:6379}
     * @param timeout how long connecting, a command, or waiting for a pooled connection may take
     */
    JedisCommands(URI redis, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        // Jedis's 8 connections; a caller waits for one at most a few command timeouts, never
        // indefinitely behind a frozen server.
        pool.setMaxWait(timeout.multipliedBy(4));
        this.client = RedisClient.builder().hostAndPort(redis.getHost(), redis.getPort())
                .clientConfig(DefaultJedisClientConfig.builder(redis).connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).build())
                .poolConfig(pool).build();
        this.where = "Redis at " + redis.getHost() + ":" + redis.getPort();
    }

    @Override
    public String where() {
        return where;
    }

    @Override
    public String ping() {
        return translated(client::ping);
    }

    @Override
    public @Nullable Object eval(String script, Reply reply, String key, List<String> args) {
        return translated(() -> client.eval(script, List.of(key), args));
    }

    @Override
    public long del(String key) {
        return translated(() -> client.del(key));
    }

    @Override
    public void scan(String match, int batch, Predicate<List<String>> eachBatch) {
        translated(() -> {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(match).count(batch);
            do {
                ScanResult<String> page = client.scan(cursor, params);
                if (!eachBatch.test(page.getResult())) {
                    break;
                }
                cursor = page.getCursor();
            }
            while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return null;
        });
    }

    @Override
    public List<@Nullable String> hgetEach(List<String> keys, String field) {
        return translated(() -> {
            List<Response<String>> values;
            try (var pipeline = client.pipelined()) {
                values = keys.stream().map(key -> pipeline.hget(key, field)).toList();
                pipeline.sync();
            }
            return values.stream().map(Response::get).toList();
        });
    }

    @Override
    public List<@Nullable String> hmget(String key, String... fields) {
        return translated(() -> client.hmget(key, fields));
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T translated(Supplier<T> command) {
        try {
            return command.get();
        }
        catch (JedisConnectionException e) {
            throw new Unavailable("cannot be reached or did not answer in time", e);
        }
        catch (JedisDataException e) {
            String reason = RedisCommands.unavailableReason(String.valueOf(e.getMessage()));
            if (reason != null) {
                throw new Unavailable(reason, e);
            }
            throw e;
        }
        catch (JedisException e) {
            throw new Unavailable("failed: no connection could be had in time", e);
        }
    }
}
