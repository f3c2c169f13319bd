package dev.kaizen.nexus;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.ChannelId;

/**
 * Where a deployment is reachable, channel by channel: the addresses clients really use, as each
 * channel describes them.
 *
 * @param addresses the address on each channel the deployment is served on, by channel id
 */
public record ChannelEndpoints(Map<ChannelId, String> addresses) {

    /** Copies the map, sorted by channel id. */
    public ChannelEndpoints {
        addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
    }

    /**
     * @param channel a channel id
     * @return this deployment's address on that channel, or {@code null} when not served there
     */
    public @Nullable String of(ChannelId channel) {
        return addresses.get(channel);
    }

    /**
     * @return the REST path to {@code POST} to, such as {@code /api/workflows/assistant/execute};
     *     {@code null} when not deployed on REST
     */
    public @Nullable String api() {
        return of(ChannelId.API);
    }

    /**
     * @return the shell command, such as {@code nexus run assistant}; {@code null} when not
     *     deployed on the shell
     */
    public @Nullable String cli() {
        return of(ChannelId.CLI);
    }

    /**
     * @return the MCP tool name, such as {@code assistant}; {@code null} when not deployed on MCP
     */
    public @Nullable String mcp() {
        return of(ChannelId.MCP);
    }
}
