package dev.kaizen.nexus.mcp;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Counts the live MCP sessions so that their number stays bounded: a session lives from its
 * {@code initialize} until it is deleted or has been idle for the idle timeout (the transport
 * ends it then too). An {@code initialize} beyond the maximum is refused until one ends.
 */
final class McpSessionLimit {

    /** Live session ids, each with the principal that started it ("" for an anonymous one). */
    private final Cache<String, String> live;

    private final int max;

    McpSessionLimit(Duration idleTimeout, int max) {
        // The transport ends an idle session after one to two sweeps of the timeout: count it a
        // little longer, so a new session is only admitted once the transport has let one go.
        this.live = Caffeine.newBuilder().expireAfterAccess(idleTimeout.multipliedBy(2).plusSeconds(1)).build();
        this.max = max;
    }

    /** @return whether a new session may start now */
    boolean admits() {
        live.cleanUp();
        return live.estimatedSize() < max;
    }

    int max() {
        return max;
    }

    void started(String sessionId, String owner) {
        live.put(sessionId, owner);
    }

    /**
     * @param sessionId a session id a request names
     * @param principal the principal making the request ("" for an anonymous one)
     * @return whether the principal may use it: a session belongs to whoever started it (an
     *     unknown id passes, for the transport to answer that it does not exist)
     */
    boolean usableBy(String sessionId, String principal) {
        String owner = live.getIfPresent(sessionId);
        return owner == null || owner.isEmpty() || owner.equals(principal);
    }

    void used(String sessionId) {
        live.getIfPresent(sessionId);
    }

    void ended(String sessionId) {
        live.invalidate(sessionId);
    }
}
