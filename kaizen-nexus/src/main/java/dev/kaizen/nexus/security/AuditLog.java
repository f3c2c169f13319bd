package dev.kaizen.nexus.security;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.Caller;

/**
 * One line per workflow call on the {@value #LOGGER} logger, so it can be routed to its own file
 * or pipeline: when, who, which workflow, through which channel, how it ended, and the
 * correlation id of a logged failure. Never inputs, outputs, keys or tokens; every value that can
 * come from a caller is escaped (CR, LF and other control characters) and quoted.
 *
 * <pre>
 * time=2026-12-02T10:15:30.123Z principal="alice" workflow="qa" channel=api outcome=success correlationId=- durationMs=3.2
 * </pre>
 */
public final class AuditLog {

    /** The logger audit lines go to, at INFO. */
    public static final String LOGGER = "kaizen.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /**
     * @param caller who called
     * @param workflow the deployment name
     * @param channel the channel id
     * @param outcome {@code success} or the failure kind's slug
     * @param correlationId the id a failure was logged under, or {@code null}
     * @param nanos how long the call took
     */
    public void call(Caller caller, String workflow, String channel, String outcome, @Nullable String correlationId,
            long nanos) {
        if (LOG.isInfoEnabled()) {
            LOG.info(line(Instant.now(), caller, workflow, channel, outcome, correlationId, nanos));
        }
    }

    static String line(Instant at, Caller caller, String workflow, String channel, String outcome,
            @Nullable String correlationId, long nanos) {
        return "time=" + at + " principal=" + quoted(principal(caller)) + " workflow=" + quoted(workflow)
                + " channel=" + LogSafe.escape(channel) + " outcome=" + outcome + " correlationId="
                + (correlationId == null ? "-" : LogSafe.escape(correlationId)) + " durationMs="
                + String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String principal(Caller caller) {
        return caller.kind() == Caller.Kind.ANONYMOUS && caller.address() != null
                ? "anonymous@" + caller.address() : caller.name();
    }

    private static String quoted(String value) {
        return '"' + LogSafe.escape(value).replace("\"", "\\\"") + '"';
    }
}
