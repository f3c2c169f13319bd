package dev.kaizen.nexus.deploy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.kaizen.core.Agent;
import dev.kaizen.core.Workflow;
import dev.kaizen.nexus.channel.ChannelId;

/**
 * A workflow and what the channels built from it (tool specs, command specs): everything a
 * deployment cache keeps, keyed by the workflow's fingerprint. None of it depends on the
 * deployment's name, so one prepared workflow serves every name it is deployed under.
 */
final class PreparedWorkflow {

    private final Workflow workflow;

    /** Shared by every deployment of this fingerprint; each value is built once per channel. */
    private final Map<ChannelId, Object> channelSpecs;

    private PreparedWorkflow(Workflow workflow, Map<ChannelId, Object> channelSpecs) {
        this.workflow = workflow;
        this.channelSpecs = channelSpecs;
    }

    static PreparedWorkflow build(Agent agent) {
        return new PreparedWorkflow(Workflow.of(agent), new ConcurrentHashMap<>());
    }

    /** The same built parts, running {@code agent} (which has the same fingerprint). */
    PreparedWorkflow runningAgent(Agent agent) {
        Workflow rebound = workflow.withAgent(agent);
        return rebound == workflow ? this : new PreparedWorkflow(rebound, channelSpecs);
    }

    Workflow workflow() {
        return workflow;
    }

    @SuppressWarnings("unchecked")
    <T> T channelSpec(ChannelId channel, Function<Workflow, T> build) {
        return (T) channelSpecs.computeIfAbsent(channel, ignored -> build.apply(workflow));
    }
}
