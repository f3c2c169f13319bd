package dev.kaizen.nexus.deploy;

import dev.kaizen.nexus.ChannelType;

/**
 * A channel that serves deployments: REST, the shell or MCP. A thin adapter: validation,
 * sessions, timeouts and timing live in the shared execution path, not here.
 *
 * <p>The registry calls {@link #expose} and {@link #withdraw} for one name at a time (a name's
 * deploys are serialised), but calls for different names arrive concurrently, so implementations
 * must be thread-safe.
 */
public interface Channel {

    /**
     * @return which channel this is
     */
    ChannelType type();

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
