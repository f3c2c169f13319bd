package dev.kaizen.nexus.channel;

import dev.kaizen.nexus.deploy.Deployment;

/**
 * A way clients reach deployed workflows: REST, the shell, MCP, or one of your own. A channel is a
 * thin adapter: it turns its wire format into a workflow name, inputs and a session id, calls
 * {@link ChannelContext#execute}, and turns the result or the {@link CallFailure} back into its
 * wire format. Validation, sessions, deadlines and timing live in the shared execution path.
 *
 * <h2>Life cycle</h2>
 * A Nexus is given its channels when it is built ({@code Nexus.builder().channel(...)}, or any
 * bean of this type in a Spring Boot application) and calls {@link #attach} once, before any
 * deployment. From then on the deployment registry calls {@link #expose} and {@link #withdraw}
 * as names are deployed and undeployed; a deploy that fails on any channel is rolled back on all.
 *
 * <h2>Concurrency</h2>
 * Calls for one name are serialised by the registry, but calls for different names arrive
 * concurrently, so implementations must be thread-safe.
 */
public interface Channel {

    /**
     * @return this channel's id, unique within a Nexus
     */
    ChannelId id();

    /**
     * Called once by the Nexus this channel belongs to, before anything is exposed.
     *
     * @param context what the channel runs workflows and admin requests through
     */
    default void attach(ChannelContext context) {
    }

    /**
     * The address a client of this channel uses to reach a deployment, such as a REST path, a
     * shell command or a tool name. Must not fail and must not depend on what is exposed.
     *
     * @param deployment the deployment
     * @return its address on this channel
     */
    String address(Deployment deployment);

    /**
     * Starts serving a deployment under its name, replacing what this channel served under that
     * name before. Must either succeed completely or throw and leave the channel as it was.
     *
     * @param deployment the deployment to serve
     */
    void expose(Deployment deployment);

    /**
     * Stops serving a name. Does nothing if the name is not served here.
     *
     * @param name the deployment name
     */
    void withdraw(String name);
}
