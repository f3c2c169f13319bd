package dev.kaizen.nexus.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * {@link RedisCommands} over an application's Spring Data Redis {@link RedisConnectionFactory}
 * (Lettuce or Jedis, with whatever Spring Boot's {@code spring.data.redis.*} configured: host,
 * credentials, TLS, Sentinel). Each command borrows a connection and returns it; the factory and
 * its connections belong to the application, which closes them.
 */
final class SpringDataRedisCommands implements RedisCommands {

    private final RedisConnectionFactory factory;

    private final String where;

    /**
     * @param factory the application's connection factory
     * @param where where it connects, for messages, such as "Redis at 127.0.0.1:6379"
     */
    SpringDataRedisCommands(RedisConnectionFactory factory, String where) {
        this.factory = factory;
        this.where = where;
    }

    @Override
    public String where() {
        return where;
    }

    @Override
    public String ping() {
        return onConnection(connection -> String.valueOf(connection.ping()));
    }

    @Override
    public @Nullable Object eval(String script, Reply reply, String key, List<String> args) {
        byte[][] keysAndArgs = new byte[args.size() + 1][];
        keysAndArgs[0] = bytes(key);
        for (int i = 0; i < args.size(); i++) {
            keysAndArgs[i + 1] = bytes(args.get(i));
        }
        ReturnType type = reply == Reply.INTEGER ? ReturnType.INTEGER : ReturnType.MULTI;
        Object result = onConnection(connection -> connection.scriptingCommands().eval(bytes(script), type, 1,
                keysAndArgs));
        if (result instanceof List<?> list) {
            // Lettuce gives a script's false reply as a list of one null.
            return list.stream().allMatch(java.util.Objects::isNull) ? null
                    : list.stream().map(SpringDataRedisCommands::text).toList();
        }
        return result;
    }

    @Override
    public long del(String key) {
        Long deleted = onConnection(connection -> connection.keyCommands().del(bytes(key)));
        return deleted == null ? 0 : deleted;
    }

    @Override
    public void scan(String match, int batch, Predicate<List<String>> eachBatch) {
        onConnection(connection -> {
            try (Cursor<byte[]> keys = connection.keyCommands().scan(ScanOptions.scanOptions().match(match)
                    .count(batch).build())) {
                List<String> pending = new ArrayList<>(batch);
                while (keys.hasNext()) {
                    pending.add(text(keys.next()));
                    if (pending.size() == batch) {
                        if (!eachBatch.test(List.copyOf(pending))) {
                            return null;
                        }
                        pending.clear();
                    }
                }
                if (!pending.isEmpty()) {
                    eachBatch.test(List.copyOf(pending));
                }
                return null;
            }
        });
    }

    @Override
    public List<@Nullable String> hgetEach(List<String> keys, String field) {
        return onConnection(connection -> {
            connection.openPipeline();
            for (String key : keys) {
                connection.hashCommands().hGet(bytes(key), bytes(field));
            }
            return connection.closePipeline().stream().map(SpringDataRedisCommands::text).toList();
        });
    }

    @Override
    public List<@Nullable String> hmget(String key, String... fields) {
        byte[][] names = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            names[i] = bytes(fields[i]);
        }
        List<byte[]> values = onConnection(connection -> connection.hashCommands().hMGet(bytes(key), names));
        return values == null ? java.util.Collections.nCopies(fields.length, null)
                : values.stream().map(SpringDataRedisCommands::text).toList();
    }

    /** The factory is the application's: it closes it. */
    @Override
    public void close() {
    }

    private <T> T onConnection(Function<RedisConnection, T> work) {
        try (RedisConnection connection = factory.getConnection()) {
            return work.apply(connection);
        }
        catch (DataAccessResourceFailureException | TransientDataAccessException e) {
            throw new Unavailable("cannot be reached or did not answer in time", e);
        }
        catch (DataAccessException e) {
            String reason = RedisCommands.unavailableReason(String.valueOf(e.getMostSpecificCause().getMessage()));
            if (reason != null) {
                throw new Unavailable(reason, e);
            }
            throw e;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static @Nullable String text(@Nullable Object value) {
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8)
                : value == null ? null : value.toString();
    }
}
