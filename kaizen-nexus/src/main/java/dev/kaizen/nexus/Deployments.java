package dev.kaizen.nexus;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.kaizen.core.Agent;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.deploy.DeploymentCacheStats;

/**
 * The entry points for deploying agents, in the names of the Python original.
 *
 * <pre>{@code
 * ChannelEndpoints endpoints = Deployments.deployMultiChannel(agent, nexus, "assistant");
 * endpoints.api();  // "/api/workflows/assistant/execute"
 * endpoints.cli();  // "nexus run assistant"
 * endpoints.mcp();  // "assistant"
 * }</pre>
 *
 * <p>{@code deployMultiChannel} deploys on every channel the Nexus has (REST, the shell, MCP and
 * any of your own); {@link #deployAs(Agent, Nexus, String, DeployOptions, ChannelId...)} on some.
 *
 * <p>A name serves one workflow. Deploying a name again replaces its workflow on every channel
 * it is served on, atomically, and adds the channels asked for. Invalid names (anything but 1 to
 * 64 letters, digits, {@code _} or {@code -}, starting with a letter) are rejected before
 * anything is registered.
 */
public final class Deployments {

    private Deployments() {
    }

    /**
     * Deploys an agent on every channel of the Nexus at once.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @return the real address on each channel
     */
    public static ChannelEndpoints deployMultiChannel(Agent agent, Nexus nexus, String name) {
        return deployMultiChannel(agent, nexus, name, DeployOptions.defaults());
    }

    /**
     * Deploys an agent on every channel of the Nexus at once.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param useCache whether to reuse a built workflow with the same fingerprint
     * @return the real address on each channel
     */
    public static ChannelEndpoints deployMultiChannel(Agent agent, Nexus nexus, String name, boolean useCache) {
        return deployMultiChannel(agent, nexus, name, DeployOptions.builder().useCache(useCache).build());
    }

    /**
     * Deploys an agent on every channel of the Nexus at once.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param options cache use and REST path prefix
     * @return the real address on each channel
     */
    public static ChannelEndpoints deployMultiChannel(Agent agent, Nexus nexus, String name, DeployOptions options) {
        Objects.requireNonNull(nexus, "nexus must not be null");
        return deploy(agent, nexus, name, nexus.channelIds(), options).endpoints();
    }

    /**
     * Deploys an agent on the named channels (added to those the name already has).
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param options cache use and REST path prefix
     * @param channels the ids of the channels, at least one, each one of the Nexus's
     * @return the real address on each channel the name is now served on
     * @throws IllegalArgumentException if no channel is named or the Nexus lacks one
     */
    public static ChannelEndpoints deployAs(Agent agent, Nexus nexus, String name, DeployOptions options,
            ChannelId... channels) {
        return deploy(agent, nexus, name, new LinkedHashSet<>(List.of(channels)), options).endpoints();
    }

    /**
     * Deploys an agent on the named channels with the default options.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param channels the ids of the channels, at least one, each one of the Nexus's
     * @return the real address on each channel the name is now served on
     */
    public static ChannelEndpoints deployAs(Agent agent, Nexus nexus, String name, ChannelId... channels) {
        return deployAs(agent, nexus, name, DeployOptions.defaults(), channels);
    }

    /**
     * Deploys an agent on REST.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @return the path to {@code POST} to, such as {@code /api/workflows/qa/execute}
     */
    public static String deployAsApi(Agent agent, Nexus nexus, String name) {
        return deployAsApi(agent, nexus, name, DeployOptions.defaults());
    }

    /**
     * Deploys an agent on REST.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param useCache whether to reuse a built workflow with the same fingerprint
     * @return the path to {@code POST} to
     */
    public static String deployAsApi(Agent agent, Nexus nexus, String name, boolean useCache) {
        return deployAsApi(agent, nexus, name, DeployOptions.builder().useCache(useCache).build());
    }

    /**
     * Deploys an agent on REST.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param options cache use and REST path prefix
     * @return the path to {@code POST} to
     */
    public static String deployAsApi(Agent agent, Nexus nexus, String name, DeployOptions options) {
        return deployOne(agent, nexus, name, ChannelId.API, options);
    }

    /**
     * Deploys an agent as a shell command.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @return the command, such as {@code nexus run qa}
     */
    public static String deployAsCli(Agent agent, Nexus nexus, String name) {
        return deployAsCli(agent, nexus, name, DeployOptions.defaults());
    }

    /**
     * Deploys an agent as a shell command.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param useCache whether to reuse a built workflow with the same fingerprint
     * @return the command
     */
    public static String deployAsCli(Agent agent, Nexus nexus, String name, boolean useCache) {
        return deployAsCli(agent, nexus, name, DeployOptions.builder().useCache(useCache).build());
    }

    /**
     * Deploys an agent as a shell command.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param options cache use
     * @return the command
     */
    public static String deployAsCli(Agent agent, Nexus nexus, String name, DeployOptions options) {
        return deployOne(agent, nexus, name, ChannelId.CLI, options);
    }

    /**
     * Deploys an agent as an MCP tool.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @return the tool name
     */
    public static String deployAsMcp(Agent agent, Nexus nexus, String name) {
        return deployAsMcp(agent, nexus, name, DeployOptions.defaults());
    }

    /**
     * Deploys an agent as an MCP tool.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param useCache whether to reuse a built workflow with the same fingerprint
     * @return the tool name
     */
    public static String deployAsMcp(Agent agent, Nexus nexus, String name, boolean useCache) {
        return deployAsMcp(agent, nexus, name, DeployOptions.builder().useCache(useCache).build());
    }

    /**
     * Deploys an agent as an MCP tool.
     *
     * @param agent the agent
     * @param nexus the Nexus to deploy on
     * @param name the deployment name
     * @param options cache use
     * @return the tool name
     */
    public static String deployAsMcp(Agent agent, Nexus nexus, String name, DeployOptions options) {
        return deployOne(agent, nexus, name, ChannelId.MCP, options);
    }

    /**
     * Stops serving a name on every channel.
     *
     * @param nexus the Nexus
     * @param name the deployment name
     * @return whether the name was deployed
     */
    public static boolean undeploy(Nexus nexus, String name) {
        Objects.requireNonNull(nexus, "nexus must not be null");
        return nexus.registry().undeploy(name);
    }

    /**
     * Empties a Nexus's deployment cache and restarts its counters.
     *
     * @param nexus the Nexus
     */
    public static void clearDeploymentCache(Nexus nexus) {
        Objects.requireNonNull(nexus, "nexus must not be null").deploymentCache().clear();
    }

    /**
     * @param nexus the Nexus
     * @return size, hits, misses and evictions of its deployment cache
     */
    public static DeploymentCacheStats deploymentCacheStats(Nexus nexus) {
        return Objects.requireNonNull(nexus, "nexus must not be null").deploymentCache().stats();
    }

    private static String deployOne(Agent agent, Nexus nexus, String name, ChannelId channel, DeployOptions options) {
        return Objects.requireNonNull(deploy(agent, nexus, name, Set.of(channel), options).endpoints().of(channel));
    }

    private static Deployment deploy(Agent agent, Nexus nexus, String name, Set<ChannelId> on,
            DeployOptions options) {
        Objects.requireNonNull(agent, "agent must not be null");
        Objects.requireNonNull(nexus, "nexus must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return nexus.registry().deploy(name, agent, on, options);
    }
}
