package dev.kaizen.nexus.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.kaizen.nexus.channel.RunHandle;

/**
 * The tool calls running over MCP HTTP, by session and JSON-RPC request id, so that a client's
 * {@code notifications/cancelled}, the end of its session (DELETE) and a closed answer stream
 * cancel them. The MCP Java
 * SDK 2.1 server only logs {@code notifications/cancelled}; the request guard, which sees every
 * message first, tells this registry.
 */
final class McpRuns {

    /** The request attribute, and transport context key, under which a tools/call's run key travels. */
    static final String RUN_KEY = "kaizen.mcp.run";

    private final Map<String, RunHandle> running = new ConcurrentHashMap<>();

    /**
     * Cancellations of calls not running (yet): a {@code notifications/cancelled} can overtake its
     * {@code tools/call}, which then is cancelled as it starts. Bounded, and forgotten after a minute.
     */
    private final Cache<String, Boolean> cancelledEarly = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    /**
     * @return the key of request {@code id} in MCP session {@code session}; the id's type is part
     *     of it, since JSON-RPC tells the string "1" from the number 1
     */
    static String key(String session, Object id) {
        return session + ' ' + (id instanceof String ? "s:" : "n:") + id;
    }

    void started(String key, RunHandle run) {
        running.put(key, run);
        if (cancelledEarly.asMap().remove(key) != null) {
            run.cancelRun();
        }
    }

    /** Forgets a run that ended; a newer run that reused its request id stays. */
    void ended(String key, RunHandle run) {
        running.remove(key, run);
    }

    /** Cancels the run of one request, if it is still running. */
    void cancel(@Nullable String key) {
        if (key == null) {
            return;
        }
        RunHandle run = running.get(key);
        if (run != null) {
            run.cancelRun();
        }
        else {
            cancelledEarly.put(key, Boolean.TRUE);
        }
    }

    /** Cancels the run of one request if it is running, remembering nothing otherwise (its client left). */
    void cancelRunning(String key) {
        RunHandle run = running.get(key);
        if (run != null) {
            run.cancelRun();
        }
    }

    /** Cancels every run of a session that ends. */
    void cancelSession(String session) {
        String prefix = session + ' ';
        running.forEach((key, run) -> {
            if (key.startsWith(prefix)) {
                run.cancelRun();
            }
        });
    }

    /** @return how many calls are running (for tests) */
    int count() {
        return running.size();
    }
}
