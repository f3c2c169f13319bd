package dev.kaizen.nexus.deploy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.kaizen.core.Workflow;
import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.channel.ChannelId;

/**
 * One name serving one workflow on a set of channels. Immutable: a redeploy makes a new
 * deployment and swaps it in, so a request that already holds this one finishes on it.
 */
public final class Deployment {

    private static final ChannelEndpoints NO_ENDPOINTS = new ChannelEndpoints(Map.of());

    private final String name;

    private final PreparedWorkflow prepared;

    private final Set<ChannelId> channels;

    private final ChannelEndpoints endpoints;

    private final String restPathPrefix;

    private final boolean fromCache;

    private final Instant deployedAt;

    /**
     * @param channels sorted and unmodifiable: kept as they are
     */
    Deployment(String name, PreparedWorkflow prepared, Set<ChannelId> channels, String restPathPrefix,
            boolean fromCache, Instant deployedAt) {
        this(name, prepared, channels, restPathPrefix, fromCache, deployedAt, NO_ENDPOINTS);
    }

    private Deployment(String name, PreparedWorkflow prepared, Set<ChannelId> channels, String restPathPrefix,
            boolean fromCache, Instant deployedAt, ChannelEndpoints endpoints) {
        this.name = name;
        this.prepared = prepared;
        this.channels = channels;
        this.restPathPrefix = restPathPrefix;
        this.fromCache = fromCache;
        this.deployedAt = deployedAt;
        this.endpoints = endpoints;
    }

    /** The same deployment with each channel's address, once the channels have described them. */
    Deployment withEndpoints(ChannelEndpoints addresses) {
        return new Deployment(name, prepared, channels, restPathPrefix, fromCache, deployedAt, addresses);
    }

    /**
     * @return the deployment name, which clients use on every channel
     */
    public String name() {
        return name;
    }

    /**
     * @return the workflow this name serves
     */
    public Workflow workflow() {
        return prepared.workflow();
    }

    /**
     * @return the ids of the channels this name is served on, sorted
     */
    public Set<ChannelId> channels() {
        return channels;
    }

    /**
     * @return the real address on each channel
     */
    public ChannelEndpoints endpoints() {
        return endpoints;
    }

    /**
     * @return the REST path prefix of this deployment's routes
     */
    public String restPathPrefix() {
        return restPathPrefix;
    }

    /**
     * @return whether the workflow came from the deployment cache rather than being built
     */
    public boolean fromCache() {
        return fromCache;
    }

    /**
     * @return when this deployment was made
     */
    public Instant deployedAt() {
        return deployedAt;
    }

    /**
     * What a channel built from this deployment's workflow, built at most once per workflow
     * fingerprint while it stays in the deployment cache.
     *
     * @param <T> the spec's type, the same for every call with this channel id
     * @param channel the channel asking
     * @param build builds the spec from the workflow; must not depend on the deployment's name
     * @return the spec
     */
    public <T> T channelSpec(ChannelId channel, Function<Workflow, T> build) {
        return prepared.channelSpec(channel, build);
    }

    @Override
    public String toString() {
        return "Deployment[" + name + " " + channels + " " + prepared.workflow() + "]";
    }
}
