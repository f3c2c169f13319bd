package dev.kaizen.nexus.deploy;

import dev.kaizen.nexus.channel.ChannelId;

/**
 * A deployment failed on one channel; the channels already done were rolled back and the
 * previous deployment of the name, if any, is still served.
 */
public class DeploymentException extends RuntimeException {

    private final String name;

    private final ChannelId channel;

    /**
     * @param name the deployment name
     * @param channel the channel that failed
     * @param cause what the channel threw
     */
    public DeploymentException(String name, ChannelId channel, Throwable cause) {
        super("deploying '" + name + "' on " + channel + " failed, nothing was changed: " + cause.getMessage(), cause);
        this.name = name;
        this.channel = channel;
    }

    /**
     * @return the deployment name
     */
    public String name() {
        return name;
    }

    /**
     * @return the channel that failed
     */
    public ChannelId channel() {
        return channel;
    }
}
