package dev.kaizen.nexus;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Nexus#health()} and {@code GET /health} report.
 *
 * @param status whether the Nexus is serving
 * @param workflows the names deployed now, sorted
 * @param version the Kaizen version
 * @param uptime time since the Nexus started serving; zero when stopped
 * @param sessionStoreAvailable whether the session store answered the last time it was used
 */
public record NexusHealth(Status status, List<String> workflows, String version, Duration uptime,
        boolean sessionStoreAvailable) {

    /** Checks and copies the parts. */
    public NexusHealth {
        Objects.requireNonNull(status, "status");
        workflows = List.copyOf(workflows);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(uptime, "uptime");
    }

    /** Whether a Nexus is serving. */
    public enum Status {
        /** Serving requests. */
        RUNNING,
        /** Not serving: never started, or stopped. */
        STOPPED
    }
}
