package dev.kaizen.nexus.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A session as a {@link SessionStore} keeps it: state values as JSON text, so every store holds
 * the same thing and a reader can never see a value another writer is still changing.
 *
 * @param id the session id
 * @param userId who the session belongs to, if known
 * @param principal whose limits (sessions, state bytes) it counts against, or {@code null} for none
 * @param createdAt when it was created
 * @param lastAccessedAt when any channel last touched it
 * @param ttl how long it lives after its last access
 * @param state each key's value as JSON text, unmodifiable
 * @param channels when each channel last touched it, unmodifiable
 */
public record StoredSession(String id, @Nullable String userId, @Nullable String principal, Instant createdAt,
        Instant lastAccessedAt, Duration ttl, Map<String, String> state, Map<String, Instant> channels) {

    /**
     * @return the size the state counts against the limit: each key's and JSON value's UTF-8 bytes
     */
    public long stateBytes() {
        long bytes = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            bytes += Utf8.length(entry.getKey()) + Utf8.length(entry.getValue());
        }
        return bytes;
    }
}
