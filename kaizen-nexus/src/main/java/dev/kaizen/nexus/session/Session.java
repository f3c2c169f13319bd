package dev.kaizen.nexus.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one session.
 *
 * @param id the session id
 * @param userId who it belongs to, if known
 * @param createdAt when it was created
 * @param lastAccessedAt when any channel last touched it
 * @param ttl how long it lives after each access
 * @param channels when each channel (api, cli, mcp) last touched it
 * @param state its state, a copy
 */
public record Session(String id, @Nullable String userId, Instant createdAt, Instant lastAccessedAt, Duration ttl,
        Map<String, Instant> channels, Map<String, Object> state) {

    /**
     * @return when it expires unless touched again
     */
    public Instant expiresAt() {
        return lastAccessedAt.plus(ttl);
    }
}
