package dev.kaizen.nexus.session;

import java.util.Map;

/**
 * What {@link NexusSessionManager#getSessionMetrics()} reports.
 *
 * @param activeSessions live sessions now
 * @param totalCreated sessions created by this manager since it started
 * @param expired sessions removed by expiry (where the store can tell; Redis expires silently)
 * @param channelsUsed how many times each channel (api, cli, mcp) touched a session
 */
public record SessionMetrics(long activeSessions, long totalCreated, long expired, Map<String, Long> channelsUsed) {
}
