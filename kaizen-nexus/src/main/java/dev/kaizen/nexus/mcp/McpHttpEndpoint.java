package dev.kaizen.nexus.mcp;

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

    /**
     * @param nexus the Nexus whose tools to serve
     * @param json the JSON mapper for protocol messages
     */
    public McpHttpEndpoint(Nexus nexus, JsonMapper json) {
        McpConfig config = nexus.mcpConfig();
        JacksonMcpJsonMapper mcpJson = new JacksonMcpJsonMapper(json);
        this.channel = McpChannel.of(nexus);
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mcpJson)
                .mcpEndpoint(config.path())
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedHosts(config.allowedHosts())
                        .allowedOrigins(config.allowedOrigins())
                        .build())
                .build();
        this.server = channel.attach(tools -> McpServers.build(McpServer.sync(transport), mcpJson, tools));
    }

    /**
     * @return the servlet to register at {@link McpConfig#path()}
     */
    public HttpServlet servlet() {
        return transport;
    }

    /** Detaches from the channel and closes every MCP session. */
    @Override
    public void close() {
        channel.detach(server);
        server.closeGracefully();
    }
}
