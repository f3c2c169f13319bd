package dev.kaizen.nexus;

import org.jspecify.annotations.Nullable;

/**
 * Where a deployment is reachable, channel by channel: the addresses clients really use.
 *
 * @param api the REST path to {@code POST} to, such as {@code /api/workflows/assistant/execute};
 *     {@code null} when not deployed on REST
 * @param cli the shell command, such as {@code nexus run assistant}; {@code null} when not
 *     deployed on the shell
 * @param mcp the MCP tool name, such as {@code assistant}; {@code null} when not deployed on MCP
 */
public record ChannelEndpoints(@Nullable String api, @Nullable String cli, @Nullable String mcp) {

    /**
     * @param type a channel
     * @return this deployment's address on that channel, or {@code null}
     */
    public @Nullable String of(ChannelType type) {
        return switch (type) {
            case API -> api;
            case CLI -> cli;
            case MCP -> mcp;
        };
    }
}
