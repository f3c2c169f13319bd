package dev.kaizen.nexus;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@link Nexus#health()} and {@code GET /health} report.
 *
 * @param status whether the Nexus is serving
 * @param workflows the names deployed now, sorted
 * @param version the Kaizen version
 * @param uptime time since the Nexus started serving; zero when stopped
 * @param sessionStoreAvailable whether the session store answers (Redis: a PING, cached two seconds)
 * @param modelReachable whether the model endpoint accepts connections ({@link ModelEndpoint},
 *     cached 30 seconds), or null when the Nexus was given none
 */
public record NexusHealth(Status status, List<String> workflows, String version, Duration uptime,
        boolean sessionStoreAvailable, @Nullable Boolean modelReachable) {

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
        /** Stopping: new calls are refused while running ones finish; a load balancer should send none. */
        DRAINING,
        /** Not serving: never started, or stopped. */
        STOPPED
    }
}
