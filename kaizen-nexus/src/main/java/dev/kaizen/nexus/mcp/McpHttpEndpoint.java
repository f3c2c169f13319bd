package dev.kaizen.nexus.mcp;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;

import dev.kaizen.nexus.Nexus;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP channel over Streamable HTTP: a servlet for the Nexus's web server, and the MCP server
 * behind it, attached to the Nexus's {@link McpChannel}. Register {@link #servlet()} at
 * {@link McpConfig#path()} only (a mapping of {@code /*} would swallow every REST route), with
 * async support on. Close it when the web server stops: that ends the transport's sessions and
 * its background threads.
 */
public final class McpHttpEndpoint implements AutoCloseable {

    private final McpChannel channel;

    private final HttpServletStreamableServerTransportProvider transport;

    private final McpSyncServer server;

    private final McpRequestGuard guard;

    private final ReactorExecutorsCreated transportExecutors = new ReactorExecutorsCreated(
            ReactorExecutorsCreated.MCP_SESSION_SWEEPER);

    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param nexus the Nexus whose tools to serve
     * @param json the JSON mapper for protocol messages
     */
    public McpHttpEndpoint(Nexus nexus, JsonMapper json) {
        McpConfig config = nexus.mcpConfig();
        // One body rule for REST and MCP: the same limit, checked by the guard before the SDK reads.
        long maxBytes = nexus.restConfig().maxRequestBytes();
        JacksonMcpJsonMapper mcpJson = new JacksonMcpJsonMapper(McpErrorSerializer.install(json));
        this.channel = McpChannel.of(nexus);
        this.transport = transportExecutors.whileBuilding(() -> HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mcpJson)
                .mcpEndpoint(config.path())
                .maxRequestSize((int) Math.min(Integer.MAX_VALUE, maxBytes))
                .contextExtractor(channel::transportContext)
                // The transport ends sessions idle for a whole sweep interval: after one to two of them.
                .sessionSweepInterval(config.sessionIdleTimeout())
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedHosts(nexus.security().allowedHosts())
                        .allowedOrigins(nexus.security().allowedOrigins())
                        .build())
                .build());
        this.guard = new McpRequestGuard(json, maxBytes, new McpSessionLimit(config.sessionIdleTimeout(),
                config.maxSessions(), config.maxSessionsPerPrincipal()), channel::callerOf, channel::visibleTo,
                channel::callable, nexus.security(), channel.runs(), config.heartbeat(), transport.protocolVersions());
        this.server = channel.attach(tools -> McpServers.build(McpServer.sync(transport), mcpJson, tools, true));
    }

    /**
     * @return the filter to register in front of {@link #servlet()}, at the same path: it checks
     *     every message before the transport sees it, and bounds the number of sessions
     */
    public HttpFilter guard() {
        return guard;
    }

    /**
     * @return the servlet to register at {@link McpConfig#path()}
     */
    public HttpServlet servlet() {
        return transport;
    }

    /**
     * Detaches from the channel, closes every MCP session (which ends their open GET streams) and
     * stops the transport's threads. Closing twice does nothing more.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        channel.detach(server);
        try {
            server.closeGracefully();
        }
        finally {
            transportExecutors.shutdown();
        }
    }
}
