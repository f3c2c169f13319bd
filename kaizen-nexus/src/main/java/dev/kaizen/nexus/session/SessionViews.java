package dev.kaizen.nexus.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON form of sessions and their metrics, the same on REST and in the shell. */
public final class SessionViews {

    private SessionViews() {
    }

    /**
     * @param session a session
     * @return its JSON form: id, userId, timestamps, TTL, channels and state
     */
    public static Map<String, Object> of(Session session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id());
        view.put("userId", session.userId());
        view.put("createdAt", session.createdAt().toString());
        view.put("lastAccessedAt", session.lastAccessedAt().toString());
        view.put("expiresAt", session.expiresAt().toString());
        view.put("ttlSeconds", session.ttl().toSeconds());
        Map<String, Object> channels = new LinkedHashMap<>();
        session.channels().forEach((channel, at) -> channels.put(channel, at.toString()));
        view.put("channels", channels);
        view.put("state", session.state());
        return view;
    }

    /**
     * @param sessions the manager
     * @param ids the session ids to list
     * @return the metrics and the ids
     */
    public static Map<String, Object> overview(NexusSessionManager sessions, List<String> ids) {
        SessionMetrics metrics = sessions.getSessionMetrics();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("activeSessions", metrics.activeSessions());
        view.put("totalCreated", metrics.totalCreated());
        view.put("expired", metrics.expired());
        view.put("channelsUsed", metrics.channelsUsed());
        view.put("sessions", ids);
        return view;
    }
}
