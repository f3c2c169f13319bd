package dev.kaizen.nexus.mcp;

import java.util.List;

import dev.kaizen.core.Kaizen;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/** The settings every Kaizen MCP server shares, whatever its transport. */
final class McpServers {

    /** The name this server gives itself in {@code initialize}. */
    static final String SERVER_NAME = "kaizen-nexus";

    private static final McpSchema.ServerCapabilities TOOLS = McpSchema.ServerCapabilities.builder().tools(true).build();

    private McpServers() {
    }

    /**
     * Tool inputs are validated by the workflow's signature, whose errors name each field, so the
     * SDK's own schema validation is off.
     *
     * @param onCallingThread run handlers on the thread that hands the message over (HTTP: the
     *     request's own thread) rather than on Reactor's bounded pool; stdio must not, since its
     *     one reading thread would then read nothing (not even a cancellation) until a call ends
     */
    static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(McpServer.SyncSpecification<S> spec,
            McpJsonMapper json, List<SyncToolSpecification> tools, boolean onCallingThread) {
        return spec.serverInfo(SERVER_NAME, Kaizen.version()).capabilities(TOOLS).jsonMapper(json)
                .validateToolInputs(false).immediateExecution(onCallingThread).tools(tools).build();
    }
}
