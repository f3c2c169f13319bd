package dev.kaizen.nexus.session;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.SessionState;

/** An agent's view of its session: every read and write goes straight to the manager's store. */
final class StoreBackedState implements SessionState {

    private final NexusSessionManager sessions;

    private final String id;

    private final @Nullable String channel;

    StoreBackedState(NexusSessionManager sessions, String id, @Nullable String channel) {
        this.sessions = sessions;
        this.id = id;
        this.channel = channel;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Map<String, Object> snapshot() {
        return sessions.touch(id, channel).orElseThrow(() -> new SessionNotFoundException(SessionIds.idOf(id)))
                .state();
    }

    @Override
    public void merge(Map<String, ?> updates) {
        if (!sessions.updateSessionState(id, updates, channel)) {
            throw new SessionNotFoundException(SessionIds.idOf(id));
        }
    }

    @Override
    public @Nullable Object update(String key, UnaryOperator<@Nullable Object> change) {
        return sessions.updateSessionValue(id, key, change, channel).orElse(null);
    }
}
