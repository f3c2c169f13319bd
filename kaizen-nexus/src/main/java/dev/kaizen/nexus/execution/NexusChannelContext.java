package dev.kaizen.nexus.execution;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.security.NetworkCallers;
import dev.kaizen.nexus.runs.AsyncRuns;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.admin.NexusAdmin;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.channel.Execution;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * The {@link ChannelContext} a Nexus gives one channel: its calls go through the shared
 * {@link WorkflowExecutor}, recorded under the channel's id.
 *
 * <p>Internal: channels see only the {@link ChannelContext} interface.
 *
 * @param channelId the channel's id
 * @param executor the shared execution path
 * @param admin the admin service
 * @param json the Nexus's JSON mapper
 * @param runs the runs that answer at once
 */
public record NexusChannelContext(ChannelId channelId, WorkflowExecutor executor, NexusAdmin admin, JsonMapper json,
        AsyncRuns runs) implements ChannelContext {

    @Override
    public Execution execute(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId, Caller caller,
            RunListener listener) {
        return executor.execute(deployment, inputs, sessionId, channelId, caller, listener);
    }

    @Override
    public void hiddenCallRefused(Caller caller, String workflow) {
        executor.hiddenCallRefused(caller, workflow, channelId);
    }

    @Override
    public Caller caller(HttpServletRequest request) {
        return NetworkCallers.of(request, executor.gatekeeper().settings());
    }
}
