package dev.kaizen.nexus.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/** The MCP Java SDK's own client, over Streamable HTTP, as MCP clients connect to a Nexus. */
public final class McpClients {

    private McpClients() {
    }

    public static McpSyncClient streamable(URI base, Consumer<List<McpSchema.Tool>> toolsChanged) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base.toString())
                .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build())).build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .toolsChangeConsumer(toolsChanged).build();
        client.initialize();
        return client;
    }

    /** A client that sends {@code Authorization: Bearer <credential>} with every request. */
    public static McpSyncClient streamable(URI base, String credential) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base.toString())
                .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + credential))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    public static McpSyncClient streamable(URI base) {
        return streamable(base, tools -> {
        });
    }
}
