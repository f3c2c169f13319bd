package dev.kaizen.nexus.execution;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.RunContext;
import dev.kaizen.core.WorkflowResult;
import dev.kaizen.nexus.ChannelType;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.session.SessionExistsException;
import dev.kaizen.nexus.session.SessionNotFoundException;

/**
 * Runs a deployment's workflow for any channel: resolves the session (refreshing its TTL and
 * recording the channel), gives the agent the session's state through its
 * {@link RunContext}, and executes. Validation, sessions and timeouts live here once, never in a
 * channel.
 */
public final class WorkflowExecutor {

    private final NexusSessionManager sessions;

    private final boolean createSessionOnUnknown;

    /**
     * @param sessions the sessions every channel shares
     * @param createSessionOnUnknown whether an unknown session id starts a new session with that
     *     id instead of failing
     */
    public WorkflowExecutor(NexusSessionManager sessions, boolean createSessionOnUnknown) {
        this.sessions = sessions;
        this.createSessionOnUnknown = createSessionOnUnknown;
    }

    /**
     * @param deployment the deployment to run
     * @param inputs the inputs as the channel received them
     * @param sessionId the session to continue, or {@code null}
     * @param channel the channel the call came through
     * @return the result and the session it ran in
     * @throws SessionNotFoundException if the session is unknown or expired (and not created)
     */
    public Execution execute(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId,
            ChannelType channel) {
        RunContext.Builder context = RunContext.builder();
        if (sessionId != null) {
            String channelName = channel.name().toLowerCase(Locale.ROOT);
            if (sessions.touch(sessionId, channelName).isEmpty()) {
                startOrFail(sessionId);
            }
            context.session(sessions.stateOf(sessionId, channelName));
        }
        WorkflowResult result = deployment.workflow().execute(inputs, context.build());
        return new Execution(result, sessionId);
    }

    /**
     * @return the sessions every channel shares
     */
    public NexusSessionManager sessions() {
        return sessions;
    }

    private void startOrFail(String sessionId) {
        if (!createSessionOnUnknown) {
            throw new SessionNotFoundException(sessionId);
        }
        try {
            sessions.createSession(sessionId, null, sessions.sessionTtl());
        }
        catch (SessionExistsException createdMeanwhile) {
            // Another request on the same id got there first: continue its session.
        }
    }
}
